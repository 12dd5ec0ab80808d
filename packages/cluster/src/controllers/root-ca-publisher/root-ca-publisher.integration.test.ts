import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import type { ResourceRef } from '../cluster-client.ts';
import { networkTestKit, type NetworkTestKit } from '../services/network-test-kit.ts';
import { rootCaDescriptionAnnotation, rootCaPublisher } from './root-ca-publisher.ts';

const configMapsRef: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };
const namespacesRef: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };

let cluster: TestCluster;
let kit: NetworkTestKit;
let caCert: string;

beforeAll(async () => {
  cluster = await startTestCluster();
  caCert = readFileSync(join(cluster.dataDir, 'pki', 'ca.crt'), 'utf8');
  kit = networkTestKit(cluster);
  kit.start(rootCaPublisher);
});
afterAll(async () => {
  await kit.stopAll();
  await cluster.close();
});

function copyIn(namespace: string): Promise<KubeObject | undefined> {
  return cluster.client.get(configMapsRef, { namespace, name: 'kube-root-ca.crt' });
}

/** The copy in a namespace once it holds exactly the CA again. */
function currentCopy(namespace: string, notUid = ''): Promise<KubeObject> {
  return kit.eventually(async () => {
    const copy = await copyIn(namespace);
    if (copy === undefined || metaString(copy, 'uid') === notUid) return undefined;
    return JSON.stringify(copy['data']) === JSON.stringify({ 'ca.crt': caCert }) ? copy : undefined;
  });
}

describe('the root CA publisher', () => {
  it('publishes the cluster CA as kube-root-ca.crt in the existing namespaces and in new ones', async () => {
    for (const namespace of ['default', 'kube-system', 'kube-public']) {
      const copy = await currentCopy(namespace);
      expect(copy.metadata['annotations']).toHaveProperty([rootCaDescriptionAnnotation]);
    }
    await cluster.client.create(namespacesRef, '', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-ca' },
    });
    await currentCopy('team-ca');
  });

  it('recreates a deleted copy', async () => {
    const first = await currentCopy('default');
    await cluster.client.delete(configMapsRef, { namespace: 'default', name: 'kube-root-ca.crt' });
    await currentCopy('default', metaString(first, 'uid'));
  });

  it('puts an edited copy back: the CA restored, extra keys dropped', async () => {
    const copy = await currentCopy('kube-public');
    await cluster.client.update(configMapsRef, {
      ...copy,
      data: { 'ca.crt': 'not a certificate', extra: 'x' },
    });
    const fixed = await currentCopy('kube-public');
    expect(metaString(fixed, 'uid')).toBe(metaString(copy, 'uid'));
  });
});
