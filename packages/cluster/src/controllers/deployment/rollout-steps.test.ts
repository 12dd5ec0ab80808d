import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { testWorkload } from '../replicaset/test-objects.ts';
import { replicaSetView, type ReplicaSetView } from './replica-set-view.ts';
import {
  isScalingEvent,
  newReplicaSetSize,
  newReplicaSetTarget,
  oldReplicaSetsScaleDown,
  proportionalScale,
} from './rollout-steps.ts';

function deployment(
  replicas: number,
  strategy: JsonObject = {},
  status: JsonObject = {},
): KubeObject {
  return testWorkload('Deployment', 'd', {
    spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: strategy } },
    status,
  });
}

function rs(
  name: string,
  replicas: number,
  options: { available?: number; second?: number; annotations?: Record<string, string> } = {},
): ReplicaSetView {
  return replicaSetView(
    testWorkload('ReplicaSet', name, {
      metadata: {
        creationTimestamp: `2024-01-01T00:00:${String(options.second ?? 0).padStart(2, '0')}Z`,
        annotations: options.annotations ?? {},
      },
      spec: { replicas },
      status: { replicas, availableReplicas: options.available ?? replicas },
    }),
  );
}

describe('newReplicaSetSize', () => {
  it.each([
    ['grows by maxSurge above spec.replicas', [rs('old', 10)], 0, 3],
    ['waits while the surge is used up', [rs('old', 10)], 3, 3],
    ['never beyond spec.replicas', [rs('old', 0)], 8, 10],
  ])('%s', (_, old, newSize, expected) => {
    const newRS = rs('new', newSize, { second: 9 });
    expect(newReplicaSetSize(deployment(10), [...old, newRS], newRS)).toBe(expected);
  });

  it('takes spec.replicas at once for Recreate', () => {
    const d = testWorkload('Deployment', 'd', {
      spec: { replicas: 4, strategy: { type: 'Recreate' } },
    });
    expect(newReplicaSetSize(d, [rs('old', 4)], { replicas: 0 })).toBe(4);
  });

  it('scales a new ReplicaSet larger than spec.replicas straight down', () => {
    const newRS = rs('new', 7);
    expect(newReplicaSetTarget(deployment(5), [newRS], newRS)).toBe(5);
    expect(newReplicaSetTarget(deployment(7), [newRS], newRS)).toBeUndefined();
  });
});

describe('oldReplicaSetsScaleDown', () => {
  const d = deployment(3, { maxSurge: 1, maxUnavailable: 0 });
  it.each([
    [
      'nothing while the new pod is unavailable',
      rs('old', 3),
      rs('new', 1, { available: 0, second: 9 }),
      {},
    ],
    [
      'one old pod once the new one is available',
      rs('old', 3),
      rs('new', 1, { second: 9 }),
      { old: 2 },
    ],
    [
      'unavailable old pods first',
      rs('old', 3, { available: 1 }),
      rs('new', 1, { second: 9 }),
      { old: 2 },
    ],
  ])('%s', (_, old, newRS, expected) => {
    const sizes = oldReplicaSetsScaleDown(d, { all: [old, newRS], oldActive: [old], newRS });
    expect(Object.fromEntries(sizes)).toEqual(expected);
  });

  it('takes from the oldest ReplicaSets first', () => {
    const d2 = deployment(4, { maxSurge: 0, maxUnavailable: 2 });
    const older = rs('older', 2, { second: 1 });
    const old = rs('old', 2, { second: 2 });
    const newRS = rs('new', 0, { second: 3 });
    const sizes = oldReplicaSetsScaleDown(d2, {
      all: [older, old, newRS],
      oldActive: [older, old],
      newRS,
    });
    expect(Object.fromEntries(sizes)).toEqual({ older: 0 });
  });
});

describe('proportionalScale', () => {
  it('gives the only active ReplicaSet the new size', () => {
    expect(
      Object.fromEntries(proportionalScale(deployment(5), rs('new', 3), [rs('old', 0)])),
    ).toEqual({ new: 5 });
  });

  it('spreads a scale-up mid-rollout in proportion to each ReplicaSet', () => {
    const max = { 'deployment.kubernetes.io/max-replicas': '13' };
    const old = rs('old', 8, { annotations: max, second: 1 });
    const newRS = rs('new', 5, { annotations: max, second: 2 });
    const sizes = proportionalScale(deployment(20), newRS, [old]);
    expect(Object.fromEntries(sizes)).toEqual({ old: 15, new: 10 });
  });

  it('retires old ReplicaSets once the new one is saturated', () => {
    const newRS = rs('new', 3, {
      annotations: { 'deployment.kubernetes.io/desired-replicas': '3' },
      second: 2,
    });
    const sizes = proportionalScale(deployment(3), newRS, [rs('old', 1, { second: 1 })]);
    expect(Object.fromEntries(sizes)).toEqual({ old: 0 });
  });
});

describe('isScalingEvent', () => {
  const desired = (n: string) => ({
    annotations: { 'deployment.kubernetes.io/desired-replicas': n },
  });
  it.each([
    ['an active ReplicaSet sized for another count', [rs('a', 2, desired('2'))], true],
    ['ReplicaSets sized for this count', [rs('a', 3, desired('3'))], false],
    ['an inactive ReplicaSet', [rs('a', 0, desired('2'))], false],
    ['no annotation', [rs('a', 2)], false],
  ])('%s → %s', (_, old, expected) => {
    expect(isScalingEvent(deployment(3), undefined, old)).toBe(expected);
  });
});
