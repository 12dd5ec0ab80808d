import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../apiserver/json.ts';
import { testWorkload } from '../replicaset/test-objects.ts';
import { pausedConditions, setCondition } from './deployment-conditions.ts';
import { deploymentStatus, progressRecheck, rolloutStatus } from './deployment-status.ts';
import { replicaSetView } from './replica-set-view.ts';

const now = Date.parse('2024-01-01T00:10:00Z');
const at = '2024-01-01T00:10:00Z';

function deployment(status: JsonObject = {}, spec: JsonObject = {}) {
  return testWorkload('Deployment', 'web', {
    metadata: { generation: 2 },
    spec: { replicas: 3, progressDeadlineSeconds: 60, ...spec },
    status,
  });
}

function rs(name: string, replicas: number, available: number, conditions?: JsonObject[]) {
  return replicaSetView(
    testWorkload('ReplicaSet', name, {
      spec: { replicas },
      status: {
        replicas,
        readyReplicas: available,
        availableReplicas: available,
        ...(conditions === undefined ? {} : { conditions }),
      },
    }),
  );
}

function progressing(reason: string, status = 'True', time = '2024-01-01T00:00:00Z'): JsonObject {
  return {
    type: 'Progressing',
    status,
    reason,
    message: '',
    lastUpdateTime: time,
    lastTransitionTime: time,
  };
}

describe('deploymentStatus', () => {
  it('sums the ReplicaSets and reports availability', () => {
    const newRS = rs('web-new', 2, 1);
    const status = deploymentStatus({
      d: deployment(),
      all: [rs('web-old', 2, 2), newRS],
      newRS,
      conditions: [],
      collisionCount: 1,
      now,
    });
    expect(status).toEqual({
      observedGeneration: 2,
      replicas: 4,
      updatedReplicas: 2,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
      collisionCount: 1,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
          lastUpdateTime: at,
          lastTransitionTime: at,
        },
      ],
    });
  });
});

describe('rolloutStatus', () => {
  const observe = (d: ReturnType<typeof deployment>, all: ReturnType<typeof rs>[]) => ({
    d,
    all,
    newRS: all[all.length - 1],
    conditions: (d['status'] as { conditions?: JsonObject[] }).conditions ?? [],
    collisionCount: undefined,
    now,
  });
  const stalled = { replicas: 3, updatedReplicas: 3 };
  const progress = (status: JsonObject) =>
    (status['conditions'] as JsonObject[]).find((c) => c['type'] === 'Progressing');

  it('marks a complete rollout NewReplicaSetAvailable', () => {
    const d = deployment({ conditions: [progressing('ReplicaSetUpdated')] });
    expect(progress(rolloutStatus(observe(d, [rs('web-new', 3, 3)])))).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: 'ReplicaSet "web-new" has successfully progressed.',
    });
  });

  it('refreshes lastUpdateTime but keeps lastTransitionTime when the counts move', () => {
    const d = deployment({ availableReplicas: 1, conditions: [progressing('ReplicaSetUpdated')] });
    expect(progress(rolloutStatus(observe(d, [rs('web-new', 3, 2)])))).toEqual({
      type: 'Progressing',
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: 'ReplicaSet "web-new" is progressing.',
      lastUpdateTime: at,
      lastTransitionTime: '2024-01-01T00:00:00Z',
    });
  });

  it('times out when nothing moved for progressDeadlineSeconds, and carries ReplicaFailure over', () => {
    const failure = {
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: 'quota',
      lastTransitionTime: at,
    };
    const d = deployment({ ...stalled, conditions: [progressing('ReplicaSetUpdated')] });
    const status = rolloutStatus(observe(d, [rs('web-new', 3, 0, [failure])]));
    expect(progress(status)).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(status['conditions']).toContainEqual({ ...failure, lastUpdateTime: at });
    expect(progressRecheck(d, status, now)).toBeUndefined();
  });

  it('asks to look again when the deadline will pass', () => {
    const d = deployment({
      ...stalled,
      conditions: [progressing('ReplicaSetUpdated', 'True', '2024-01-01T00:09:30Z')],
    });
    const status = rolloutStatus(observe(d, [rs('web-new', 3, 0)]));
    expect(progressRecheck(d, status, now)).toBe(31_000);
  });
});

describe('conditions', () => {
  it('keeps lastTransitionTime when only the reason changes, and is a no-op for the same reason', () => {
    const current = [progressing('NewReplicaSetCreated')];
    const next = { ...progressing('ReplicaSetUpdated', 'True', at) };
    expect(setCondition(current, next)).toEqual([
      { ...next, lastTransitionTime: '2024-01-01T00:00:00Z' },
    ]);
    expect(setCondition(current, progressing('NewReplicaSetCreated', 'True', at))).toEqual(current);
  });

  it.each([
    ['pausing', true, [], 'DeploymentPaused'],
    ['resuming', false, [progressing('DeploymentPaused', 'Unknown')], 'DeploymentResumed'],
    [
      'pausing a timed-out rollout',
      true,
      [progressing('ProgressDeadlineExceeded', 'False')],
      'ProgressDeadlineExceeded',
    ],
  ])('%s leaves Progressing with reason %4$s', (_, paused, conditions, reason) => {
    const result = pausedConditions(deployment({}, { paused }), conditions, now);
    expect(result.find((c) => c['type'] === 'Progressing')?.['reason']).toBe(reason);
  });
});
