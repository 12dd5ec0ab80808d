import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import type { ResourceRef } from '../cluster-client.ts';
import type { StartedController } from '../controller-host.ts';
import { eventually } from '../scheduler/create-test-node.ts';
import { deleteWithPropagation } from './delete-with-propagation.ts';
import { finalizersOf } from '../../apiserver/objects/finalizers-for-propagation.ts';
import { createGarbageCollector } from './garbage-collector.ts';

const configmaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };
const widgets: ResourceRef = { group: 'example.com', version: 'v1', resource: 'widgets' };
const crds: ResourceRef = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
};

let cluster: TestCluster;
let collector: StartedController;

beforeAll(async () => {
  cluster = await startTestCluster();
  collector = createGarbageCollector({ unknownOwnerRetryMs: 200 }).start({
    client: cluster.client,
    logger: createLogger({ component: 'test', level: 'silent' }),
    dataDir: cluster.dataDir,
  });
});
afterAll(async () => {
  await collector.stop();
  await cluster.close();
});

function ownedBy(owner: KubeObject, blockOwnerDeletion = false): JsonObject {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: metaString(owner, 'name'),
    uid: metaString(owner, 'uid'),
    ...(blockOwnerDeletion ? { blockOwnerDeletion: true } : {}),
  };
}

async function configMap(name: string, meta: JsonObject = {}): Promise<KubeObject> {
  return cluster.client.create(configmaps, 'default', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...meta },
  });
}

const get = (name: string): Promise<KubeObject | undefined> =>
  cluster.client.get(configmaps, { namespace: 'default', name });

async function gone(name: string): Promise<void> {
  await eventually(async () => ((await get(name)) === undefined ? true : undefined));
}

async function present(name: string): Promise<KubeObject> {
  const obj = await get(name);
  if (obj === undefined) throw new Error(`${name} is gone`);
  return obj;
}

describe('the garbage collector', () => {
  it('deletes dependents whose owners are all gone (Background), and keeps those with an owner left', async () => {
    const owner = await configMap('bg-owner');
    const keeper = await configMap('bg-keeper');
    await configMap('bg-only', { ownerReferences: [ownedBy(owner)] });
    await configMap('bg-shared', { ownerReferences: [ownedBy(owner), ownedBy(keeper)] });
    await configMap('bg-never-owned', {
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'no-such-uid' }],
    });
    await configMap('bg-unknown-kind', {
      ownerReferences: [{ apiVersion: 'nowhere.example/v1', kind: 'Thing', name: 't', uid: 'u' }],
    });
    await cluster.client.delete(configmaps, { namespace: 'default', name: 'bg-owner' });
    await gone('bg-only');
    await gone('bg-never-owned');
    const shared = await eventually(async () => {
      const obj = await present('bg-shared');
      return Array.isArray(obj.metadata['ownerReferences']) &&
        obj.metadata['ownerReferences'].length === 1
        ? obj
        : undefined;
    });
    expect(shared.metadata['ownerReferences']).toEqual([ownedBy(keeper)]);
    expect(await present('bg-unknown-kind')).toBeDefined();
  });

  it('deletes in the Foreground: dependents first, the owner once no blocking dependent is left', async () => {
    const owner = await configMap('fg-owner');
    const blocking = await configMap('fg-blocking', {
      ownerReferences: [ownedBy(owner, true)],
      finalizers: ['example.com/hold'],
    });
    await configMap('fg-grandchild', { ownerReferences: [ownedBy(blocking, true)] });
    await configMap('fg-free', { ownerReferences: [ownedBy(owner)] });

    await deleteWithPropagation(cluster.client, configmaps, owner, 'Foreground');
    await gone('fg-free');
    await gone('fg-grandchild');
    const held = await eventually(async () => {
      const obj = await present('fg-blocking');
      return finalizersOf(obj).includes('foregroundDeletion') ? undefined : obj;
    });
    expect(held.metadata['deletionTimestamp']).toEqual(expect.any(String));
    const waiting = await present('fg-owner');
    expect(waiting.metadata['deletionTimestamp']).toEqual(expect.any(String));
    expect(finalizersOf(waiting)).toEqual(['foregroundDeletion']);

    await cluster.client.patch(
      configmaps,
      { namespace: 'default', name: 'fg-blocking' },
      { type: 'merge', body: { metadata: { finalizers: null } } },
    );
    await gone('fg-blocking');
    await gone('fg-owner');
  });

  it('orphans dependents (Orphan): they lose the owner reference and stay', async () => {
    const owner = await configMap('or-owner');
    await configMap('or-a', { ownerReferences: [ownedBy(owner, true)] });
    await configMap('or-b', { ownerReferences: [ownedBy(owner)] });
    await deleteWithPropagation(cluster.client, configmaps, owner, 'Orphan');
    await gone('or-owner');
    for (const name of ['or-a', 'or-b']) {
      const obj = await present(name);
      expect(obj.metadata['ownerReferences']).toBeUndefined();
      expect(obj.metadata['deletionTimestamp']).toBeUndefined();
    }
  });

  it('finds owners among custom resources', async () => {
    await cluster.client.create(crds, '', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        ],
      },
    });
    const widget = await eventually(() =>
      cluster.client
        .create(widgets, 'default', {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
        })
        .catch(() => undefined),
    );
    await configMap('w-config', { ownerReferences: [ownedBy(widget)] });
    await configMap('w-keep');
    await cluster.client.delete(widgets, { namespace: 'default', name: 'w' });
    await gone('w-config');
    expect(await present('w-keep')).toBeDefined();
  });
});
