import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import type { StartedController } from '../controller-host.ts';
import { podsRef } from '../scheduler/bind-pod.ts';
import { createTestNode, eventually, testNodeStatus } from '../scheduler/create-test-node.ts';
import { nodesRef } from '../scheduler/scheduler.ts';
import { taintsOf } from '../scheduler/tolerates-taint.ts';
import { conditionOf } from './node-conditions.ts';
import { createNodeLifecycle, leasesRef, nodeLeaseNamespace } from './node-lifecycle.ts';

let cluster: TestCluster;
let controller: StartedController;
let keepAlive: NodeJS.Timeout;

const microTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

async function renewLease(name: string): Promise<void> {
  await cluster.client.patch(
    leasesRef,
    { namespace: nodeLeaseNamespace, name },
    { type: 'merge', body: { spec: { renewTime: microTime(Date.now()) } } },
  );
}

async function createLease(name: string): Promise<void> {
  await cluster.client.create(leasesRef, nodeLeaseNamespace, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microTime(Date.now()) },
  });
}

async function createBoundPod(
  name: string,
  node: string,
  tolerations: JsonObject[] = [],
): Promise<void> {
  await cluster.client.create(podsRef, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { nodeName: node, tolerations, containers: [{ name: 'main', image: 'busybox' }] },
  });
  await cluster.client.patch(
    podsRef,
    { namespace: 'default', name },
    {
      type: 'merge',
      body: { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
    },
    { subresource: 'status' },
  );
}

async function get(ref: typeof podsRef, namespace: string, name: string): Promise<KubeObject> {
  const obj = await cluster.client.get(ref, { namespace, name });
  if (obj === undefined) throw new Error(`${ref.resource} ${name} is gone`);
  return obj;
}
const getNode = (name: string): Promise<KubeObject> => get(nodesRef, '', name);
const getPod = (name: string): Promise<KubeObject> => get(podsRef, 'default', name);

beforeAll(async () => {
  cluster = await startTestCluster();
  for (const name of ['node-a', 'node-b']) {
    await createTestNode(cluster.client, name);
    await createLease(name);
  }
  await createBoundPod('tolerant', 'node-a', [
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  ]);
  await createBoundPod('intolerant', 'node-a');
  await createBoundPod('elsewhere', 'node-b');
  keepAlive = setInterval(() => void renewLease('node-b'), 100);
  controller = createNodeLifecycle({ gracePeriodMs: 1_000, defaultTolerationSeconds: 1 }).start({
    client: cluster.client,
    logger: createLogger({ component: 'test', level: 'silent' }),
    dataDir: cluster.dataDir,
  });
});
afterAll(async () => {
  clearInterval(keepAlive);
  await controller.stop();
  await cluster.close();
});

describe('the node lifecycle controller', () => {
  it('marks a silent node Unknown and taints it unreachable, leaving a heartbeating node alone', async () => {
    const node = await eventually(async () => {
      const n = await getNode('node-a');
      return taintsOf(n).length === 2 ? n : undefined;
    });
    expect(conditionOf(node, 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    const [noSchedule, noExecute] = taintsOf(node);
    expect(noSchedule).toEqual({
      key: 'node.kubernetes.io/unreachable',
      value: '',
      effect: 'NoSchedule',
    });
    expect(noExecute).toMatchObject({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' });
    expect(Date.parse(noExecute?.timeAdded ?? '')).not.toBeNaN();
    const alive = await getNode('node-b');
    expect(conditionOf(alive, 'Ready')).toMatchObject({ status: 'True' });
    expect(taintsOf(alive)).toEqual([]);
  });

  it('marks the pods of the silent node not ready, and evicts those whose toleration ran out', async () => {
    const tolerant = await eventually(async () => {
      const pod = await getPod('tolerant');
      return conditionOf(pod, 'Ready')?.['status'] === 'False' ? pod : undefined;
    });
    const evicted = await eventually(async () => {
      const pod = await getPod('intolerant');
      return pod.metadata['deletionTimestamp'] === undefined ? undefined : pod;
    });
    expect(conditionOf(evicted, 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    expect(tolerant.metadata['deletionTimestamp']).toBeUndefined();
    const elsewhere = await getPod('elsewhere');
    expect(conditionOf(elsewhere, 'Ready')).toMatchObject({ status: 'True' });
    expect(elsewhere.metadata['deletionTimestamp']).toBeUndefined();
  });

  it('removes the taints once the node reports Ready again', async () => {
    await renewLease('node-a');
    await cluster.client.patch(
      nodesRef,
      { namespace: '', name: 'node-a' },
      {
        type: 'strategic',
        body: { status: { conditions: testNodeStatus({})['conditions'] ?? [] } },
      },
      { subresource: 'status' },
    );
    const node = await eventually(async () => {
      const n = await getNode('node-a');
      return taintsOf(n).length === 0 ? n : undefined;
    });
    expect(conditionOf(node, 'Ready')).toMatchObject({ status: 'True' });
  });
});
