import { TerminalError } from '@podvisor/kube';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../apiserver/json.ts';
import { testWorkload } from '../replicaset/test-objects.ts';
import { maxUnavailable, resolveFenceposts, scaledValue } from './rolling-limits.ts';

function rolling(maxSurge: Json | undefined, maxUnavailableValue: Json | undefined, replicas = 10) {
  const rollingUpdate: Record<string, Json> = {};
  if (maxSurge !== undefined) rollingUpdate['maxSurge'] = maxSurge;
  if (maxUnavailableValue !== undefined) rollingUpdate['maxUnavailable'] = maxUnavailableValue;
  return testWorkload('Deployment', 'd', {
    spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate } },
  });
}

describe('rolling update limits', () => {
  it.each([
    ['25%', '25%', 10, { maxSurge: 3, maxUnavailable: 2 }],
    [undefined, undefined, 10, { maxSurge: 3, maxUnavailable: 2 }],
    [1, 0, 3, { maxSurge: 1, maxUnavailable: 0 }],
    [0, 0, 3, { maxSurge: 0, maxUnavailable: 1 }],
    ['50%', '50%', 3, { maxSurge: 2, maxUnavailable: 1 }],
    ['10%', '10%', 1, { maxSurge: 1, maxUnavailable: 0 }],
  ])('maxSurge %s and maxUnavailable %s of %d → %o', (surge, unavailable, replicas, expected) => {
    expect(resolveFenceposts(rolling(surge, unavailable, replicas), replicas)).toEqual(expected);
  });

  it('caps maxUnavailable at spec.replicas and makes it 0 for Recreate', () => {
    expect(maxUnavailable(rolling(0, 5, 2))).toBe(2);
    const recreate = testWorkload('Deployment', 'd', {
      spec: { replicas: 3, strategy: { type: 'Recreate' } },
    });
    expect(maxUnavailable(recreate)).toBe(0);
  });

  it.each([['abc'], ['5'], [true]])('rejects %o as a terminal error naming the field', (value) => {
    expect(() => scaledValue(value, 10, { roundUp: true, field: 'spec.x' })).toThrow(TerminalError);
    expect(() => scaledValue(value, 10, { roundUp: true, field: 'spec.x' })).toThrow(
      /^spec\.x: Invalid value/,
    );
  });
});
