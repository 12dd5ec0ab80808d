import { describe, expect, it } from 'vitest';
import { computePodStatus, podPhase, type ContainerView, type PodView } from './pod-status.ts';

const at = '2025-01-01T00:00:00Z';
const running = (name: string, ready = true): ContainerView => ({
  name,
  image: 'busybox',
  restartCount: 0,
  state: { kind: 'running', startedAt: at },
  lastTermination: undefined,
  ready,
  started: true,
  containerID: undefined,
});
const exited = (name: string, exitCode: number): ContainerView => ({
  ...running(name, false),
  state: {
    kind: 'terminated',
    exitCode,
    reason: exitCode === 0 ? 'Completed' : 'Error',
    startedAt: at,
    finishedAt: at,
  },
});
const waiting = (name: string, restartCount = 0): ContainerView => ({
  ...running(name, false),
  restartCount,
  state: { kind: 'waiting', reason: 'ContainerCreating' },
});

function view(init: ContainerView[], app: ContainerView[], previous = {}): PodView {
  return {
    init,
    app,
    sandboxReady: true,
    podIP: '127.1.0.2',
    hostIP: '127.0.0.1',
    startTime: at,
    previous,
    now: '2025-01-02T00:00:00Z',
  };
}

describe('podPhase', () => {
  it.each([
    ['Pending', [waiting('i')], [waiting('c')]],
    ['Failed', [exited('i', 1)], [waiting('c')]],
    ['Pending', [exited('i', 0)], [waiting('c')]],
    ['Running', [exited('i', 0)], [running('c')]],
    ['Running', [], [waiting('c', 2)]],
    ['Succeeded', [], [exited('a', 0), exited('b', 0)]],
    ['Failed', [], [exited('a', 0), exited('b', 2)]],
    ['Running', [], [exited('a', 0), running('b')]],
  ])('is %s for init %j and containers %j', (phase, init, app) => {
    expect(podPhase(view(init, app))).toBe(phase);
  });
});

describe('computePodStatus', () => {
  it('is Ready only when every container is ready, naming the unready ones', () => {
    const status = computePodStatus(view([], [running('a'), running('b', false)]));
    const conditions = status['conditions'] as { type: string; status: string; message?: string }[];
    expect(conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      message: 'containers with unready status: [b]',
    });
    expect(conditions.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
    expect(status['podIPs']).toEqual([{ ip: '127.1.0.2' }]);
  });

  it('keeps the transition time of a condition whose status did not change', () => {
    const previous = {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 'earlier' }],
    };
    const status = computePodStatus(view([], [running('a')], previous));
    const conditions = status['conditions'] as { type: string; lastTransitionTime: string }[];
    expect(conditions.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('earlier');
    expect(conditions.find((c) => c.type === 'Initialized')?.lastTransitionTime).toBe(
      '2025-01-02T00:00:00Z',
    );
  });

  it('reports a terminated container with its exit code and the run before it in lastState', () => {
    const previousRun = { exitCode: 3, reason: 'Error', startedAt: at, finishedAt: at };
    const status = computePodStatus(
      view([], [{ ...exited('a', 0), lastTermination: previousRun, restartCount: 1 }]),
    );
    expect(status['containerStatuses']).toEqual([
      expect.objectContaining({
        restartCount: 1,
        state: {
          terminated: expect.objectContaining({ exitCode: 0, reason: 'Completed' }) as unknown,
        },
        lastState: { terminated: expect.objectContaining({ exitCode: 3 }) as unknown },
      }),
    ]);
  });
});
