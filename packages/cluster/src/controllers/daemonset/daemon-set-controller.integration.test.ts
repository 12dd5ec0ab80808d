import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apiserver/json.ts';
import { labelsOf } from '../../apiserver/objects/lifecycle.ts';
import {
  startTestCluster,
  type CommandResult,
  type TestCluster,
} from '../../testing/test-cluster.ts';
import type { StartedController } from '../controller-host.ts';
import { controllerTestKit, type ControllerTestKit } from '../replicaset/controller-test-kit.ts';
import { isPodReady } from '../replicaset/is-pod-available.ts';
import { daemonSetsRef, nodesRef } from '../replicaset/resource-refs.ts';
import { targetNodeOf } from './daemon-pod-spec.ts';
import { daemonSetController } from './daemon-set-controller.ts';

let cluster: TestCluster;
let kit: ControllerTestKit;
let controllers: StartedController;

beforeAll(async () => {
  cluster = await startTestCluster();
  kit = controllerTestKit(cluster);
  controllers = kit.start(daemonSetController);
  await kit.createNode('node-1');
  await kit.createNode('node-2');
});
afterAll(async () => {
  await controllers.stop();
  await cluster.close();
});

function daemonSet(name: string, podSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'busybox:1' }], ...podSpec },
      },
    },
  };
}

async function podsByNode(app: string): Promise<Map<string, KubeObject[]>> {
  const map = new Map<string, KubeObject[]>();
  for (const pod of await kit.pods('default', { app })) {
    const node = targetNodeOf(pod) ?? '';
    map.set(node, [...(map.get(node) ?? []), pod]);
  }
  return map;
}

async function nodesWithPods(app: string, expected: string[]): Promise<Map<string, KubeObject[]>> {
  return kit.eventually(async () => {
    const map = await podsByNode(app);
    const nodes = [...map.keys()].sort();
    return JSON.stringify(nodes) === JSON.stringify(expected) ? map : undefined;
  });
}

async function dsStatus(name: string): Promise<Record<string, unknown>> {
  const ds = await cluster.client.get(daemonSetsRef, { namespace: 'default', name });
  return (ds?.['status'] ?? {}) as Record<string, unknown>;
}

/** Marks pods of `app` ready one at a time until `done` settles, checking `invariant` between steps. */
async function driveRollout(
  app: string,
  done: Promise<CommandResult>,
  invariant: () => Promise<void> = async () => {},
): Promise<CommandResult> {
  let finished: CommandResult | undefined;
  void done.then((r) => (finished = r));
  while (finished === undefined) {
    await invariant();
    const pending = (await kit.pods('default', { app })).filter((p) => !isPodReady(p));
    await kit.markReady(pending.slice(0, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return finished;
}

describe('the DaemonSet controller', () => {
  it('runs one pod per node, pinned by node affinity, and kubectl rollout status exits 0 when they are ready', async () => {
    await cluster.client.create(daemonSetsRef, 'default', daemonSet('agent'));
    const byNode = await nodesWithPods('agent', ['node-1', 'node-2']);
    const pod = byNode.get('node-1')?.[0];
    expect(byNode.get('node-1')).toHaveLength(1);
    expect(pod?.['spec']).toMatchObject({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] },
            ],
          },
        },
      },
      tolerations: expect.arrayContaining([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
      ]) as unknown,
    });
    expect(labelsOf(pod as KubeObject)['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);

    const status = cluster.kubectl(['rollout', 'status', 'ds/agent', '--timeout=30s']);
    const result = await driveRollout('agent', status);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('daemon set "agent" successfully rolled out');
    expect(await dsStatus('agent')).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      numberAvailable: 2,
      updatedNumberScheduled: 2,
      observedGeneration: 1,
    });
  });

  it('puts a pod on a node added later but none on a node with an untolerated taint', async () => {
    await kit.createNode('node-3');
    await kit.createNode('node-4', {
      taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }],
    });
    await nodesWithPods('agent', ['node-1', 'node-2', 'node-3']);
    await kit.eventually(async () => (await dsStatus('agent'))['desiredNumberScheduled'] === 3);
    expect(await dsStatus('agent')).toMatchObject({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
    });
  });

  it('rolls a new image one node at a time (maxUnavailable 1)', async () => {
    const before = await kit.pods('default', { app: 'agent' });
    await kit.markReady(before);
    const set = await cluster.kubectl(['set', 'image', 'ds/agent', 'c=busybox:2']);
    expect(set.code, set.stderr).toBe(0);
    let worst = 0;
    const invariant = async (): Promise<void> => {
      const byNode = await podsByNode('agent');
      const down = ['node-1', 'node-2', 'node-3'].filter(
        (n) => !(byNode.get(n) ?? []).some(isPodReady),
      ).length;
      worst = Math.max(worst, down);
    };
    const status = cluster.kubectl(['rollout', 'status', 'ds/agent', '--timeout=30s']);
    const result = await driveRollout('agent', status, invariant);
    expect(result.code, result.stderr).toBe(0);
    expect(worst).toBe(1);
    const after = await kit.pods('default', { app: 'agent' });
    expect(after).toHaveLength(3);
    const hashes = new Set(after.map((p) => labelsOf(p)['controller-revision-hash']));
    const oldHashes = new Set(before.map((p) => labelsOf(p)['controller-revision-hash']));
    expect(hashes.size).toBe(1);
    expect([...hashes].some((h) => oldHashes.has(h))).toBe(false);
    expect(await dsStatus('agent')).toMatchObject({
      observedGeneration: 2,
      updatedNumberScheduled: 3,
    });
  });

  it('follows a nodeSelector: pods leave nodes that stop matching', async () => {
    await cluster.client.patch(
      nodesRef,
      { namespace: '', name: 'node-2' },
      { type: 'merge', body: { metadata: { labels: { role: 'edge' } } } },
    );
    await cluster.client.create(
      daemonSetsRef,
      'default',
      daemonSet('edge', { nodeSelector: { role: 'edge' } }),
    );
    await nodesWithPods('edge', ['node-2']);
    await cluster.client.patch(
      nodesRef,
      { namespace: '', name: 'node-2' },
      { type: 'merge', body: { metadata: { labels: { role: null } } } },
    );
    await nodesWithPods('edge', []);
    const status = await kit.eventually(async () => {
      const s = await dsStatus('edge');
      return s['desiredNumberScheduled'] === 0 && s['currentNumberScheduled'] === 0 ? s : undefined;
    });
    expect(status).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 0 });
  });
});
