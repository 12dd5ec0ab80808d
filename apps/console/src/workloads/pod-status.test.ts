// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { ContainerStatus } from './pod.ts';
import { podStatus } from './pod-status.ts';
import { makePod } from './workload-fixtures.ts';

const waiting = (reason: string): ContainerStatus => ({
  name: 'c',
  state: { waiting: { reason } },
});
const terminated = (
  reason: string | undefined,
  exitCode: number,
  signal?: number,
): ContainerStatus => ({
  name: 'c',
  state: {
    terminated: {
      exitCode,
      ...(reason === undefined ? {} : { reason }),
      ...(signal === undefined ? {} : { signal }),
    },
  },
});
const runningReady: ContainerStatus = { name: 'c', ready: true, state: { running: {} } };

describe('podStatus', () => {
  it.each([
    [
      'the phase when every container runs',
      { phase: 'Running', containers: [runningReady] },
      'Running',
    ],
    ['Pending with no container status yet', { phase: 'Pending' }, 'Pending'],
    [
      'a waiting container reason',
      { containers: [waiting('CrashLoopBackOff')] },
      'CrashLoopBackOff',
    ],
    [
      'an image pull failure',
      { phase: 'Pending', containers: [waiting('ImagePullBackOff')] },
      'ImagePullBackOff',
    ],
    [
      'a terminated container reason',
      { phase: 'Failed', containers: [terminated('Error', 1)] },
      'Error',
    ],
    [
      'a signal when there is no reason',
      { phase: 'Failed', containers: [terminated(undefined, 137, 9)] },
      'Signal:9',
    ],
    [
      'an exit code when there is no reason or signal',
      { phase: 'Failed', containers: [terminated(undefined, 2)] },
      'ExitCode:2',
    ],
    [
      'the first container reason of several',
      { containers: [waiting('ErrImagePull'), waiting('CrashLoopBackOff')] },
      'ErrImagePull',
    ],
    [
      'Running when one completed and another still runs ready',
      { containers: [terminated('Completed', 0), runningReady] },
      'Running',
    ],
    [
      'Completed when all completed',
      { phase: 'Succeeded', containers: [terminated('Completed', 0)] },
      'Completed',
    ],
    [
      'an init container waiting reason',
      { phase: 'Pending', initContainers: [waiting('CrashLoopBackOff')] },
      'Init:CrashLoopBackOff',
    ],
    [
      'an init container failure',
      { phase: 'Pending', initContainers: [terminated('Error', 1)] },
      'Init:Error',
    ],
    [
      'init progress',
      {
        phase: 'Pending',
        initContainers: [terminated('Completed', 0), waiting('PodInitializing')],
      },
      'Init:1/2',
    ],
    [
      'Terminating while being deleted',
      { deleting: true, containers: [runningReady] },
      'Terminating',
    ],
  ])('shows %s', (_case, fixture, expected) => {
    expect(podStatus(makePod({ name: 'p', ...fixture }))).toBe(expected);
  });

  it('shows the pod reason such as Evicted over its phase', () => {
    const pod = makePod({ name: 'p', phase: 'Failed' });
    expect(podStatus({ ...pod, status: { ...pod.status, reason: 'Evicted' } })).toBe('Evicted');
  });
});
