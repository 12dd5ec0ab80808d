import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import type { StartedController } from '../controller-host.ts';
import { conditionOf } from '../node-lifecycle/node-conditions.ts';
import { podsRef } from './bind-pod.ts';
import { createTestNode, eventually } from './create-test-node.ts';
import { eventsRef } from './record-event.ts';
import { createScheduler, nodesRef } from './scheduler.ts';

let cluster: TestCluster;
let scheduler: StartedController;

beforeAll(async () => {
  cluster = await startTestCluster();
  scheduler = createScheduler({ retryIntervalMs: 60_000 }).start({
    client: cluster.client,
    logger: createLogger({ component: 'test', level: 'silent' }),
    dataDir: cluster.dataDir,
  });
  await createTestNode(cluster.client, 'node-1', { labels: { zone: 'a' } });
  await createTestNode(cluster.client, 'node-2', {
    labels: { zone: 'b' },
    taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }],
  });
});
afterAll(async () => {
  await scheduler.stop();
  await cluster.close();
});

async function createPod(
  name: string,
  spec: JsonObject = {},
  requests?: JsonObject,
): Promise<void> {
  await cluster.client.create(podsRef, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      containers: [
        { name: 'main', image: 'busybox', resources: requests === undefined ? {} : { requests } },
      ],
      ...spec,
    },
  });
}

async function getPod(name: string): Promise<KubeObject> {
  const pod = await cluster.client.get(podsRef, { namespace: 'default', name });
  if (pod === undefined) throw new Error(`pod ${name} is gone`);
  return pod;
}

function nodeNameOf(pod: KubeObject): string | undefined {
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  return typeof spec['nodeName'] === 'string' ? spec['nodeName'] : undefined;
}

async function boundNode(name: string): Promise<string> {
  return eventually(async () => nodeNameOf(await getPod(name)));
}

async function unschedulableMessage(name: string): Promise<string> {
  return eventually(async () => {
    const condition = conditionOf(await getPod(name), 'PodScheduled');
    const message = condition?.['message'];
    return condition?.['reason'] === 'Unschedulable' && typeof message === 'string'
      ? message
      : undefined;
  });
}

async function eventsAbout(name: string): Promise<{ reason: Json; message: Json }[]> {
  const events = await cluster.client.list(eventsRef, { namespace: 'default' });
  return events
    .filter((e) => isJsonObject(e['involvedObject']) && e['involvedObject']['name'] === name)
    .map((e) => ({ reason: e['reason'] ?? null, message: e['message'] ?? null }));
}

describe('the scheduler', () => {
  it('binds a pod to the node it fits, marks it PodScheduled and records a Scheduled event', async () => {
    await createPod('web');
    expect(await boundNode('web')).toBe('node-1');
    const scheduled = await eventually(async () =>
      conditionOf(await getPod('web'), 'PodScheduled'),
    );
    expect(scheduled).toMatchObject({ status: 'True' });
    expect(scheduled).not.toHaveProperty('reason');
    expect(await eventsAbout('web')).toEqual([
      { reason: 'Scheduled', message: 'Successfully assigned default/web to node-1' },
    ]);
  });

  it('leaves a pod with an impossible nodeSelector Pending with the reason, then binds it once a node matches', async () => {
    await createPod('picky', { nodeSelector: { disk: 'nvme' } });
    const message =
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: db}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
    expect(await unschedulableMessage('picky')).toBe(message);
    const pod = await getPod('picky');
    expect(conditionOf(pod, 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
    });
    expect(nodeNameOf(pod)).toBeUndefined();
    expect(await eventsAbout('picky')).toEqual([{ reason: 'FailedScheduling', message }]);

    await cluster.client.patch(
      nodesRef,
      { namespace: '', name: 'node-1' },
      { type: 'merge', body: { metadata: { labels: { disk: 'nvme' } } } },
    );
    expect(await boundNode('picky')).toBe('node-1');
    const scheduled = await eventually(async () => {
      const condition = conditionOf(await getPod('picky'), 'PodScheduled');
      return condition?.['status'] === 'True' ? condition : undefined;
    });
    expect(scheduled).not.toHaveProperty('reason');
    expect(scheduled).not.toHaveProperty('message');
  });

  it('places a pod on a tainted node only when it tolerates the taint', async () => {
    const tolerations = [
      { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' },
    ];
    await createPod('db', { nodeSelector: { zone: 'b' }, tolerations });
    expect(await boundNode('db')).toBe('node-2');
    await createPod('not-db', { nodeSelector: { zone: 'b' } });
    expect(await unschedulableMessage('not-db')).toMatch(
      /^0\/2 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector, 1 node\(s\) had untolerated taint \{dedicated: db\}\./,
    );
  });

  it('counts the requests of bound pods against allocatable, and binds a waiting pod when room appears', async () => {
    const onNode1 = { nodeSelector: { zone: 'a' } };
    await createPod('big', onNode1, { cpu: '1500m', memory: '1Gi' });
    expect(await boundNode('big')).toBe('node-1');
    await createPod('second', onNode1, { cpu: '1' });
    expect(await unschedulableMessage('second')).toBe(
      '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: db}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
    await cluster.client.delete(
      podsRef,
      { namespace: 'default', name: 'big' },
      { gracePeriodSeconds: 0 },
    );
    expect(await boundNode('second')).toBe('node-1');
  });

  it('reports a pod whose requests it cannot read, naming the field', async () => {
    await createPod('garbled', {}, { cpu: 'lots' });
    const condition = await eventually(async () =>
      conditionOf(await getPod('garbled'), 'PodScheduled'),
    );
    expect(condition).toMatchObject({ status: 'False', reason: 'SchedulerError' });
    expect(condition['message']).toMatch(
      /^spec\.containers\[0\]\.resources\.requests\.cpu: Invalid value: "lots"/,
    );
  });

  it('leaves pods for other schedulers alone', async () => {
    await createPod('other', { schedulerName: 'my-scheduler' });
    await createPod('after-other');
    await boundNode('after-other');
    const pod = await getPod('other');
    expect(nodeNameOf(pod)).toBeUndefined();
    expect(conditionOf(pod, 'PodScheduled')).toBeUndefined();
  });
});
