import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import type { StartedController } from '../controller-host.ts';
import { controllerTestKit, type ControllerTestKit } from './controller-test-kit.ts';
import { replicaSetController } from './replica-set-controller.ts';
import { podsRef, replicaSetsRef } from './resource-refs.ts';

let cluster: TestCluster;
let kit: ControllerTestKit;
let controllers: StartedController;

beforeAll(async () => {
  cluster = await startTestCluster();
  kit = controllerTestKit(cluster);
  controllers = kit.start(replicaSetController);
});
afterAll(async () => {
  await controllers.stop();
  await cluster.close();
});

function replicaSet(
  name: string,
  replicas: number,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: 'web' } },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
      ...extra,
    },
  };
}

async function rsStatus(name: string): Promise<Record<string, unknown>> {
  const rs = await cluster.client.get(replicaSetsRef, { namespace: 'default', name });
  return (rs?.['status'] ?? {}) as Record<string, unknown>;
}

async function podCount(app: string, count: number): Promise<KubeObject[]> {
  return kit.eventually(async () => {
    const pods = await kit.pods('default', { app });
    return pods.length === count ? pods : undefined;
  });
}

describe('the ReplicaSet controller', () => {
  it('creates pods from the template, controlled by the ReplicaSet, and reports them', async () => {
    const rs = await cluster.client.create(replicaSetsRef, 'default', replicaSet('web', 3));
    const pods = await podCount('web', 3);
    for (const pod of pods) {
      expect(metaString(pod, 'name')).toMatch(/^web-[a-z0-9]{5}$/);
      expect(pod.metadata['labels']).toEqual({ app: 'web', tier: 'web' });
      expect(pod.metadata['ownerReferences']).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: metaString(rs, 'uid'),
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    await kit.eventually(async () => (await rsStatus('web'))['fullyLabeledReplicas'] === 3);
    expect(await rsStatus('web')).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });
    await kit.markReady(pods.slice(0, 2));
    await kit.eventually(async () => (await rsStatus('web'))['availableReplicas'] === 2);
    expect(await rsStatus('web')).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it('scales down through kubectl, deleting pods that are not ready first', async () => {
    const pods = await kit.pods('default', { app: 'web' });
    const ready = pods.filter((p) => JSON.stringify(p['status']).includes('"Ready"'));
    expect(ready).toHaveLength(2);
    const scaled = await cluster.kubectl(['scale', 'rs/web', '--replicas=2']);
    expect(scaled.code, scaled.stderr).toBe(0);
    const left = await podCount('web', 2);
    expect(left.map((p) => metaString(p, 'name')).sort()).toEqual(
      ready.map((p) => metaString(p, 'name')).sort(),
    );
    await kit.eventually(async () => (await rsStatus('web'))['replicas'] === 2);
    expect(await rsStatus('web')).toMatchObject({ observedGeneration: 2, readyReplicas: 2 });
  });

  it('adopts a matching orphan and releases a pod whose labels stop matching', async () => {
    await cluster.client.create(podsRef, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', labels: { app: 'adopt' } },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const rs = await cluster.client.create(replicaSetsRef, 'default', replicaSet('adopt', 2));
    const pods = await podCount('adopt', 2);
    const stray = await cluster.client.get(podsRef, { namespace: 'default', name: 'stray' });
    expect(stray?.metadata['ownerReferences']).toMatchObject([
      { kind: 'ReplicaSet', name: 'adopt', uid: metaString(rs, 'uid'), controller: true },
    ]);
    expect(pods.map((p) => metaString(p, 'name'))).toContain('stray');
    await kit.eventually(async () => (await rsStatus('adopt'))['replicas'] === 2);
    // The adopted pod lacks the template's `tier` label: counted, but not fully labeled.
    expect(await rsStatus('adopt')).toMatchObject({ replicas: 2, fullyLabeledReplicas: 1 });

    await cluster.client.patch(
      podsRef,
      { namespace: 'default', name: 'stray' },
      { type: 'merge', body: { metadata: { labels: { app: 'gone' } } } },
    );
    await kit.eventually(async () => {
      const released = await cluster.client.get(podsRef, { namespace: 'default', name: 'stray' });
      return released?.metadata['ownerReferences'] === undefined;
    });
    const replaced = await podCount('adopt', 2);
    expect(replaced.map((p) => metaString(p, 'name'))).not.toContain('stray');
  });

  it('records a selector that does not match the template as a ReplicaFailure', async () => {
    const bad = replicaSet('bad', 1);
    (bad['spec'] as { selector: unknown }).selector = { matchLabels: { app: 'other' } };
    await cluster.client.create(replicaSetsRef, 'default', bad);
    const status = await kit.eventually(async () => {
      const s = await rsStatus('bad');
      return Array.isArray(s['conditions']) ? s : undefined;
    });
    expect(status['conditions']).toMatchObject([
      {
        type: 'ReplicaFailure',
        status: 'True',
        message: expect.stringContaining('`selector` does not match template `labels`') as unknown,
      },
    ]);
    expect(await kit.pods('default', { app: 'bad' })).toEqual([]);
  });
});
