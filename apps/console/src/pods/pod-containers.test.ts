// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { containerStateText, defaultContainer, podContainerRows } from './pod-containers.ts';
import { podFixture } from './pod-fixtures.ts';
import type { PodContainerState } from './pod-resource.ts';

describe('containerStateText', () => {
  it.each<[PodContainerState | undefined, string]>([
    [undefined, 'Not started'],
    [{ running: {} }, 'Running'],
    [{ waiting: { reason: 'CrashLoopBackOff' } }, 'Waiting: CrashLoopBackOff'],
    [{ waiting: {} }, 'Waiting'],
    [{ terminated: { reason: 'Error', exitCode: 2 } }, 'Terminated: Error (exit 2)'],
    [{ terminated: { signal: 9, exitCode: 137 } }, 'Terminated: Signal 9 (exit 137)'],
  ])('reads %o as %j', (state, text) => {
    expect(containerStateText(state)).toBe(text);
  });
});

describe('podContainerRows', () => {
  it('lists init containers first, each with its image, state, readiness, restarts and ports', () => {
    const pod = podFixture({
      name: 'p',
      initContainers: [{ name: 'setup', image: 'busybox' }],
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ports: [
            { name: 'http', containerPort: 80 },
            { containerPort: 53, protocol: 'UDP' },
          ],
        },
      ],
      initStatuses: [
        { name: 'setup', state: { terminated: { reason: 'Completed', exitCode: 0 } } },
      ],
      statuses: [
        {
          name: 'web',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
        },
      ],
    });
    expect(podContainerRows(pod)).toEqual([
      {
        name: 'setup',
        init: true,
        image: 'busybox',
        state: 'Terminated: Completed (exit 0)',
        message: undefined,
        ready: false,
        restarts: 0,
        ports: [],
      },
      {
        name: 'web',
        init: false,
        image: 'nginx:1.27',
        state: 'Waiting: CrashLoopBackOff',
        message: 'back-off 40s',
        ready: false,
        restarts: 3,
        ports: ['http: 80/TCP', '53/UDP'],
      },
    ]);
  });
});

describe('defaultContainer', () => {
  it.each([
    [{}, 'a'],
    [{ 'kubectl.kubernetes.io/default-container': 'b' }, 'b'],
    [{ 'kubectl.kubernetes.io/default-container': 'gone' }, 'a'],
  ])('with annotations %o picks %s', (annotations, name) => {
    const pod = podFixture({ name: 'p', containers: [{ name: 'a' }, { name: 'b' }] });
    expect(defaultContainer({ ...pod, metadata: { ...pod.metadata, annotations } })).toBe(name);
  });
});
