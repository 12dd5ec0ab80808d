import { describe, expect, it } from 'vitest';
import type { Json, KubeObject } from '../json.ts';
import { podPrinter, podStatusCells } from './pod-printer.ts';

const now = Date.parse('2025-01-01T12:00:00Z');

function ago(ms: number): string {
  return new Date(now - ms).toISOString();
}

function pod(spec: Json, status: Json, metadata: Record<string, Json> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: ago(60_000), ...metadata },
    spec,
    status,
  };
}

const one = { containers: [{ name: 'c' }] };
const two = { containers: [{ name: 'a' }, { name: 'b' }] };
const withInit = { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'c' }] };
const running = { name: 'c', ready: true, restartCount: 0, state: { running: {} } };

describe('pod Ready/Status/Restarts cells', () => {
  it.each<[string, KubeObject, [string, string, string]]>([
    ['a new pod', pod(one, { phase: 'Pending' }), ['0/1', 'Pending', '0']],
    [
      'a pulling container',
      pod(one, {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'c',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ContainerCreating' } },
          },
        ],
      }),
      ['0/1', 'ContainerCreating', '0'],
    ],
    [
      'a running pod',
      pod(one, { phase: 'Running', containerStatuses: [running] }),
      ['1/1', 'Running', '0'],
    ],
    [
      'a crash-looping container',
      pod(one, {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'c',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: {
              terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * 60_000) },
            },
          },
        ],
      }),
      ['0/1', 'CrashLoopBackOff', '3 (5m ago)'],
    ],
    [
      'restarts without a termination time',
      pod(one, { phase: 'Running', containerStatuses: [{ ...running, restartCount: 2 }] }),
      ['1/1', 'Running', '2'],
    ],
    [
      'a completed pod',
      pod(one, {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'c',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      }),
      ['0/1', 'Completed', '0'],
    ],
    [
      'a container killed by a signal',
      pod(one, {
        phase: 'Failed',
        containerStatuses: [
          { name: 'c', restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } },
        ],
      }),
      ['0/1', 'Signal:9', '0'],
    ],
    [
      'a container exiting without reason',
      pod(one, {
        phase: 'Failed',
        containerStatuses: [{ name: 'c', restartCount: 0, state: { terminated: { exitCode: 2 } } }],
      }),
      ['0/1', 'ExitCode:2', '0'],
    ],
    [
      'a pod waiting for init containers',
      pod(withInit, {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'i1', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
          { name: 'i2', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      }),
      ['0/1', 'Init:0/2', '0'],
    ],
    [
      'a pod half through its init containers',
      pod(withInit, {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'i1',
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
          { name: 'i2', restartCount: 0, state: { running: {} } },
        ],
      }),
      ['0/1', 'Init:1/2', '0'],
    ],
    [
      'a crash-looping init container',
      pod(withInit, {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'i1', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      }),
      ['0/1', 'Init:CrashLoopBackOff', '4'],
    ],
    [
      'a failed init container',
      pod(withInit, {
        phase: 'Failed',
        initContainerStatuses: [
          { name: 'i1', restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } },
        ],
      }),
      ['0/1', 'Init:Error', '0'],
    ],
    [
      'an init container exiting without reason',
      pod(withInit, {
        phase: 'Failed',
        initContainerStatuses: [
          { name: 'i1', restartCount: 0, state: { terminated: { exitCode: 3 } } },
        ],
      }),
      ['0/1', 'Init:ExitCode:3', '0'],
    ],
    [
      'a deleted running pod',
      pod(one, { phase: 'Running', containerStatuses: [running] }, { deletionTimestamp: ago(0) }),
      ['1/1', 'Terminating', '0'],
    ],
    [
      'a deleted completed pod',
      pod(
        one,
        {
          phase: 'Succeeded',
          containerStatuses: [
            {
              name: 'c',
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
        { deletionTimestamp: ago(0) },
      ),
      ['0/1', 'Completed', '0'],
    ],
    [
      'a pod on a lost node',
      pod(one, { phase: 'Running', reason: 'NodeLost' }),
      ['0/1', 'NodeLost', '0'],
    ],
    [
      'a deleted pod on a lost node',
      pod(one, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(0) }),
      ['0/1', 'Unknown', '0'],
    ],
    ['an evicted pod', pod(one, { phase: 'Failed', reason: 'Evicted' }), ['0/1', 'Evicted', '0']],
    [
      'a scheduling-gated pod',
      pod(one, {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      }),
      ['0/1', 'SchedulingGated', '0'],
    ],
    [
      'a completed container beside a running one, pod ready',
      pod(two, {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { ...running, name: 'a' },
          {
            name: 'b',
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      }),
      ['1/2', 'Running', '0'],
    ],
    [
      'a completed container beside a running one, pod not ready',
      pod(two, {
        phase: 'Running',
        containerStatuses: [
          { ...running, name: 'a' },
          {
            name: 'b',
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      }),
      ['1/2', 'NotReady', '0'],
    ],
    [
      'a pod with a ready sidecar',
      pod(
        { initContainers: [{ name: 's', restartPolicy: 'Always' }], containers: [{ name: 'c' }] },
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [
            {
              name: 's',
              started: true,
              ready: true,
              restartCount: 1,
              state: { running: {} },
              lastState: { terminated: { exitCode: 1, finishedAt: ago(30_000) } },
            },
          ],
          containerStatuses: [running],
        },
      ),
      ['2/2', 'Running', '1 (30s ago)'],
    ],
  ])('shows %s', (_, subject, cells) => {
    expect(podStatusCells(subject, now)).toEqual(cells);
  });
});

describe('podPrinter', () => {
  it('has the columns of kube-apiserver', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
  });

  it('prints the wide cells with <none> for missing values', () => {
    const row = podPrinter.row(pod(one, { phase: 'Pending' }), now);
    expect(row.cells).toEqual([
      'p',
      '0/1',
      'Pending',
      '0',
      '60s',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
    expect(row.conditions).toBeUndefined();
  });

  it('prints IP, node, nominated node and readiness gates', () => {
    const subject = pod(
      { ...one, nodeName: 'n1', readinessGates: [{ conditionType: 'a' }, { conditionType: 'b' }] },
      {
        phase: 'Running',
        podIPs: [{ ip: '10.0.0.7' }],
        nominatedNodeName: 'n2',
        conditions: [
          { type: 'a', status: 'True' },
          { type: 'b', status: 'False' },
        ],
      },
    );
    expect(podPrinter.row(subject, now).cells.slice(5)).toEqual(['10.0.0.7', 'n1', 'n2', '1/2']);
  });

  it.each([
    ['Succeeded', 'Succeeded', 'The pod has completed successfully.'],
    ['Failed', 'Failed', 'The pod failed.'],
  ])('marks a %s pod row Completed', (phase, reason, message) => {
    expect(podPrinter.row(pod(one, { phase }), now).conditions).toEqual([
      { type: 'Completed', status: 'True', reason, message },
    ]);
  });
});
