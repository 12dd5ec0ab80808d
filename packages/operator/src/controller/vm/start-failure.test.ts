import { describe, expect, it } from 'vitest';
import {
  backoffRemainingMs,
  defaultCrashLoopBackoff,
  failedEarly,
  nextStartFailure,
  startBackoffSeconds,
} from './start-failure.ts';
import { testVm, testVmi } from './vm-test-objects.ts';

const noJitter = (): number => 0;
const fullJitter = (): number => 0.999_999;
const kubevirt = { ...defaultCrashLoopBackoff, minStableRunSeconds: 0 };
const now = Date.parse('2025-01-01T00:10:00Z');

describe('startBackoffSeconds', () => {
  it.each([
    [0, 10],
    [1, 10],
    [2, 40],
    [3, 90],
    [5, 250],
    [6, 300],
    [20, 300],
  ])('waits %i² × 10 s (capped at 300 s) after %i failures, without jitter', (count, seconds) => {
    expect(startBackoffSeconds(count, defaultCrashLoopBackoff, noJitter)).toBe(seconds);
  });

  it.each([
    [1, 15],
    [2, 60],
    [3, 135],
    [4, 240],
    [5, 300],
  ])('adds up to half the delay as jitter after %i failures: at most %i s', (count, seconds) => {
    expect(startBackoffSeconds(count, defaultCrashLoopBackoff, fullJitter)).toBe(seconds);
  });

  it('steps by a thirtieth of the max delay when that is larger than the min interval', () => {
    const backoff = { minIntervalSeconds: 1, maxDelaySeconds: 600 };
    expect(startBackoffSeconds(1, backoff, noJitter)).toBe(20);
  });

  it('honours a short backoff for tests', () => {
    const backoff = { minIntervalSeconds: 1, maxDelaySeconds: 3 };
    expect(startBackoffSeconds(1, backoff, noJitter)).toBe(1);
    expect(startBackoffSeconds(4, backoff, fullJitter)).toBe(3);
  });
});

describe('failedEarly', () => {
  const backoff = { ...defaultCrashLoopBackoff, minStableRunSeconds: 60 };
  it.each([
    ['failed without ever running', testVmi({ phase: 'Failed' }), true],
    [
      'failed 10 s after it started running',
      testVmi({
        phase: 'Failed',
        transitions: { Running: '2025-01-01T00:00:00Z', Failed: '2025-01-01T00:00:10Z' },
      }),
      true,
    ],
    [
      'failed after running for two minutes',
      testVmi({
        phase: 'Failed',
        transitions: { Running: '2025-01-01T00:00:00Z', Failed: '2025-01-01T00:02:00Z' },
      }),
      false,
    ],
    ['still running', testVmi({ phase: 'Running' }), false],
  ])('is %s: %s', (_, vmi, expected) => {
    expect(failedEarly(vmi, now, backoff)).toBe(expected);
  });

  it('counts any run as a success with KubeVirt’s threshold of 0', () => {
    const vmi = testVmi({
      phase: 'Failed',
      transitions: { Running: '2025-01-01T00:00:00Z', Failed: '2025-01-01T00:00:01Z' },
    });
    expect(failedEarly(vmi, now, kubevirt)).toBe(false);
  });
});

describe('nextStartFailure', () => {
  const failed = testVmi({ phase: 'Failed', uid: 'fail-2' });

  it('counts a VMI that failed early once, with a retry time after the backoff', () => {
    const vm = testVm({ runStrategy: 'Always' });
    const input = {
      vm,
      vmi: failed,
      runStrategy: 'Always' as const,
      nowMs: now,
      backoff: kubevirt,
    };
    expect(nextStartFailure({ ...input, random: noJitter })).toEqual({
      consecutiveFailCount: 1,
      lastFailedVMIUID: 'fail-2',
      retryAfterTimestamp: '2025-01-01T00:10:10Z',
    });
  });

  it('adds to the count of an earlier failure', () => {
    const vm = testVm({
      runStrategy: 'Always',
      status: { startFailure: { consecutiveFailCount: 1, lastFailedVMIUID: 'fail-1' } },
    });
    const next = nextStartFailure({
      vm,
      vmi: failed,
      runStrategy: 'Always',
      nowMs: now,
      backoff: kubevirt,
      random: noJitter,
    });
    expect(next?.consecutiveFailCount).toBe(2);
    expect(next?.retryAfterTimestamp).toBe('2025-01-01T00:10:40Z');
  });

  it('does not count the same VMI twice', () => {
    const startFailure = { consecutiveFailCount: 1, lastFailedVMIUID: 'fail-2' };
    const vm = testVm({ runStrategy: 'Always', status: { startFailure } });
    expect(
      nextStartFailure({ vm, vmi: failed, runStrategy: 'Always', nowMs: now, backoff: kubevirt }),
    ).toEqual(startFailure);
  });

  it.each(['Manual', 'Halted'] as const)('clears the record under %s', (runStrategy) => {
    const vm = testVm({ runStrategy, status: { startFailure: { consecutiveFailCount: 2 } } });
    expect(
      nextStartFailure({ vm, vmi: failed, runStrategy, nowMs: now, backoff: kubevirt }),
    ).toBeUndefined();
  });

  it('clears the record once a VMI ran stably', () => {
    const vm = testVm({
      runStrategy: 'Always',
      status: { startFailure: { consecutiveFailCount: 2 } },
    });
    const running = testVmi({ phase: 'Running', transitions: { Running: '2025-01-01T00:08:00Z' } });
    const backoff = { ...defaultCrashLoopBackoff, minStableRunSeconds: 60 };
    expect(
      nextStartFailure({ vm, vmi: running, runStrategy: 'Always', nowMs: now, backoff }),
    ).toBeUndefined();
  });

  it('keeps the record while a restarted VMI has not run long enough', () => {
    const startFailure = { consecutiveFailCount: 2 };
    const vm = testVm({ runStrategy: 'Always', status: { startFailure } });
    const running = testVmi({ phase: 'Running', transitions: { Running: '2025-01-01T00:09:30Z' } });
    const backoff = { ...defaultCrashLoopBackoff, minStableRunSeconds: 60 };
    expect(
      nextStartFailure({ vm, vmi: running, runStrategy: 'Always', nowMs: now, backoff }),
    ).toEqual(startFailure);
  });
});

describe('backoffRemainingMs', () => {
  it.each([
    [undefined, 0],
    [{ consecutiveFailCount: 1 }, 0],
    [{ retryAfterTimestamp: '2025-01-01T00:10:30Z' }, 30_000],
    [{ retryAfterTimestamp: '2025-01-01T00:09:00Z' }, 0],
  ])('for %j is %i ms', (startFailure, ms) => {
    expect(backoffRemainingMs(startFailure, now)).toBe(ms);
  });
});
