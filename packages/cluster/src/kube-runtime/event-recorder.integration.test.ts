// createEventRecorder from @podvisor/kube against the real embedded API server.
import {
  createEventRecorder,
  createLogger,
  FakeClock,
  loadKubeConfig,
  requestJson,
  type FlushableEventRecorder,
} from '@podvisor/kube';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../testing/index.ts';

interface EventList {
  items: {
    metadata: { name: string; namespace: string };
    involvedObject: Record<string, unknown>;
    reason: string;
    message: string;
    type: string;
    count: number;
    source: { component: string; host: string };
    reportingComponent: string;
    reportingInstance: string;
    firstTimestamp: string;
    lastTimestamp: string;
  }[];
}

let cluster: TestCluster;
let kubeConfig: ReturnType<typeof loadKubeConfig>;
const clock = new FakeClock(Date.UTC(2025, 0, 1, 10, 0, 0));

beforeAll(async () => {
  cluster = await startTestCluster();
  kubeConfig = loadKubeConfig({ KUBECONFIG: cluster.kubeconfigPath });
});

afterAll(async () => {
  await cluster.close();
});

function recorder(overrides: { maxPending?: number } = {}): FlushableEventRecorder {
  return createEventRecorder({
    kubeConfig,
    component: 'virt-controller',
    host: 'controller-0',
    logger: createLogger({
      component: 'test',
      level: 'silent',
      destination: join(cluster.dataDir, 'events-test.log'),
    }),
    clock,
    ...overrides,
  });
}

async function eventsAbout(namespace: string, name: string): Promise<EventList['items']> {
  const list = (await requestJson(kubeConfig, {
    method: 'GET',
    path: `/api/v1/namespaces/${namespace}/events`,
  })) as EventList;
  return list.items.filter((e) => e.involvedObject.name === name);
}

const vm = (name: string) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
});

describe('createEventRecorder against the embedded API server', () => {
  it('writes a core/v1 Event naming the object, the source and the reporting instance', async () => {
    const events = recorder();
    events.record(vm('first'), { type: 'Normal', reason: 'SuccessfulCreate', message: 'made it' });
    await events.flush();
    const [event, ...others] = await eventsAbout('default', 'first');
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      involvedObject: {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        name: 'first',
        namespace: 'default',
        uid: 'uid-first',
      },
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: 'made it',
      count: 1,
      source: { component: 'virt-controller', host: 'controller-0' },
      reportingComponent: 'virt-controller',
      reportingInstance: 'controller-0',
      firstTimestamp: '2025-01-01T10:00:00Z',
    });
  });

  it('counts repeats within ten minutes on one Event and starts a new one after', async () => {
    const events = recorder();
    const news = { type: 'Warning', reason: 'FailedCreate', message: 'no luck' } as const;
    events.record(vm('repeat'), news);
    clock.advance(60_000);
    events.record(vm('repeat'), news);
    events.record(vm('repeat'), news);
    await events.flush();
    const [counted, ...none] = await eventsAbout('default', 'repeat');
    expect(none).toEqual([]);
    expect(counted?.count).toBe(3);
    expect(counted?.lastTimestamp).toBe('2025-01-01T10:01:00Z');
    clock.advance(11 * 60_000);
    events.record(vm('repeat'), news);
    await events.flush();
    expect((await eventsAbout('default', 'repeat')).map((e) => e.count).sort()).toEqual([1, 3]);
  });

  it('writes separate Events for different reasons', async () => {
    const events = recorder();
    events.record(vm('two'), { type: 'Normal', reason: 'A', message: 'a' });
    events.record(vm('two'), { type: 'Normal', reason: 'B', message: 'b' });
    await events.flush();
    expect((await eventsAbout('default', 'two')).map((e) => e.reason).sort()).toEqual(['A', 'B']);
  });

  it('puts an event about a cluster-scoped object in the default namespace', async () => {
    const events = recorder();
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-x', uid: 'n-1' } };
    events.record(node, { type: 'Normal', reason: 'Heartbeat', message: 'hello' });
    await events.flush();
    const [event] = await eventsAbout('default', 'node-x');
    expect(event?.involvedObject).toEqual({
      apiVersion: 'v1',
      kind: 'Node',
      name: 'node-x',
      uid: 'n-1',
    });
  });

  it('logs and swallows a failed write (a namespace that does not exist)', async () => {
    const events = recorder();
    const lost = { ...vm('lost'), metadata: { ...vm('lost').metadata, namespace: 'nowhere' } };
    expect(() => {
      events.record(lost, { type: 'Normal', reason: 'X', message: 'x' });
    }).not.toThrow();
    await expect(events.flush()).resolves.toBeUndefined();
  });

  it('drops events beyond the pending cap instead of growing without bound', async () => {
    const events = recorder({ maxPending: 2 });
    for (let i = 0; i < 5; i++) {
      events.record(vm('capped'), { type: 'Normal', reason: `R${String(i)}`, message: 'm' });
    }
    await events.flush();
    expect((await eventsAbout('default', 'capped')).length).toBeLessThan(5);
  });
});
