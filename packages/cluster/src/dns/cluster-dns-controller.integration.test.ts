import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../apiserver/json.ts';
import { podsRef } from '../controllers/endpoints/endpoints-controller.ts';
import { servicesRef } from '../controllers/services/cluster-ip-controller.ts';
import { endpointsRef } from '../controllers/services/kubernetes-service-controller.ts';
import { startTestCluster, type TestCluster } from '../testing/test-cluster.ts';
import { clusterDnsController } from './cluster-dns-controller.ts';

let cluster: TestCluster;
let resolver: Resolver;

function service(name: string, spec: KubeObject['spec']): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: spec ?? {} };
}

beforeAll(async () => {
  let listening: (port: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => {
    listening = resolve;
  });
  cluster = await startTestCluster({
    controllers: [
      clusterDnsController({
        host: '127.0.0.1',
        port: 0,
        onListening: (address) => {
          listening(address.port);
        },
      }),
    ],
  });
  resolver = new Resolver({ timeout: 5000, tries: 2 });
  resolver.setServers([`127.0.0.1:${await port}`]);
});

afterAll(async () => {
  await cluster.close();
});

describe('clusterDnsController', () => {
  it('answers for Services, Endpoints and pods as the API server stores them', async () => {
    await cluster.client.create(
      servicesRef,
      'default',
      service('db', {
        clusterIP: '127.96.9.30',
        ports: [{ name: 'mysql', port: 3306, targetPort: 3306 }],
      }),
    );
    await cluster.client.create(
      servicesRef,
      'default',
      service('web', { clusterIP: 'None', ports: [{ port: 80 }] }),
    );
    await cluster.client.create(endpointsRef, 'default', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web' },
      subsets: [{ addresses: [{ ip: '127.1.0.41' }, { ip: '127.1.0.42' }], ports: [{ port: 80 }] }],
    });
    await cluster.client.create(podsRef, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'client' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    await cluster.client.patch(
      podsRef,
      { namespace: 'default', name: 'client' },
      { type: 'merge', body: { status: { phase: 'Running', podIP: '127.1.0.40' } } },
      { subresource: 'status' },
    );

    expect(await resolver.resolve4('db.default.svc.cluster.local')).toEqual(['127.96.9.30']);
    expect(await resolver.resolveSrv('_mysql._tcp.db.default.svc.cluster.local')).toEqual([
      expect.objectContaining({ name: 'db.default.svc.cluster.local', port: 3306 }),
    ]);
    expect((await resolver.resolve4('web.default.svc.cluster.local')).sort()).toEqual([
      '127.1.0.41',
      '127.1.0.42',
    ]);
    expect(await resolver.reverse('127.1.0.40')).toEqual(['127-1-0-40.default.pod.cluster.local']);
  });

  it('forgets a deleted Service', async () => {
    await cluster.client.delete(servicesRef, { namespace: 'default', name: 'db' });
    await expect(resolver.resolve4('db.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });
});
