import { describe, expect, it } from 'vitest';
import { isPodAvailable, msUntilAvailable } from './is-pod-available.ts';
import { testPod } from './test-objects.ts';

const now = Date.parse('2024-01-01T00:01:00Z');

describe('pod availability', () => {
  it.each([
    ['ready long enough', '2024-01-01T00:00:00Z', 30, true],
    ['ready too recently', '2024-01-01T00:00:50Z', 30, false],
    ['ready, no minReadySeconds', '2024-01-01T00:00:59Z', 0, true],
    ['ready without a transition time', '', 5, false],
    ['not ready', undefined, 0, false],
  ])('%s → %s', (_, readySince, minReady, expected) => {
    const pod = testPod({ name: 'p', ...(readySince === undefined ? {} : { readySince }) });
    expect(isPodAvailable(pod, minReady, now)).toBe(expected);
  });

  it('says how long until a ready pod becomes available', () => {
    const pod = testPod({ name: 'p', readySince: '2024-01-01T00:00:50Z' });
    expect(msUntilAvailable(pod, 30, now)).toBe(20_001);
  });
});
