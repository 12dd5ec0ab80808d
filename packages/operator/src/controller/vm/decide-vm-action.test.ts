import type { VirtualMachineRunStrategy, VirtualMachineStateChangeRequest } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { decideVmAction } from './decide-vm-action.ts';
import { runStrategyOf } from './run-strategy-of.ts';
import { testVm, testVmi } from './vm-test-objects.ts';

const now = Date.parse('2025-01-01T00:10:00Z');
type Vmi = 'none' | 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'deleting';
type Request = 'none' | 'start' | 'startPaused' | 'stopThis' | 'stopOther';

const requests: Record<Request, VirtualMachineStateChangeRequest[] | undefined> = {
  none: undefined,
  start: [{ action: 'Start' }],
  startPaused: [{ action: 'Start', data: { paused: 'true' } }],
  stopThis: [{ action: 'Stop', uid: 'vmi-uid' }],
  stopOther: [{ action: 'Stop', uid: 'older-uid' }],
};

function decide(
  runStrategy: VirtualMachineRunStrategy,
  vmiState: Vmi,
  request: Request = 'none',
  statusRunStrategy: VirtualMachineRunStrategy = runStrategy,
): string {
  const reqs = requests[request];
  const vm = testVm({
    runStrategy,
    ...(reqs ? { requests: reqs } : {}),
    status: { runStrategy: statusRunStrategy },
  });
  const vmi =
    vmiState === 'none'
      ? undefined
      : vmiState === 'deleting'
        ? testVmi({ phase: 'Running', deleting: true })
        : testVmi({ phase: vmiState });
  const action = decideVmAction({ vm, vmi, runStrategy, nowMs: now });
  switch (action.type) {
    case 'create':
      return action.paused ? 'create paused' : 'create';
    case 'delete':
      return action.thenStart ? 'delete, then start' : 'delete';
    default:
      return action.type;
  }
}

describe('decideVmAction', () => {
  it.each([
    // Always: a VMI must always exist; final or stopped ones are replaced.
    ['Always', 'none', 'none', 'create'],
    ['Always', 'Pending', 'none', 'none'],
    ['Always', 'Running', 'none', 'none'],
    ['Always', 'Succeeded', 'none', 'delete'],
    ['Always', 'Failed', 'none', 'delete'],
    ['Always', 'deleting', 'none', 'none'],
    ['Always', 'Running', 'stopThis', 'delete'],
    ['Always', 'Running', 'stopOther', 'none'],
    // RerunOnFailure: only a failure restarts.
    ['RerunOnFailure', 'Running', 'none', 'none'],
    ['RerunOnFailure', 'Failed', 'none', 'delete, then start'],
    ['RerunOnFailure', 'Succeeded', 'none', 'delete'],
    ['RerunOnFailure', 'Running', 'stopThis', 'delete'],
    ['RerunOnFailure', 'deleting', 'none', 'none'],
    ['RerunOnFailure', 'none', 'none', 'none'],
    ['RerunOnFailure', 'none', 'start', 'create'],
    // Manual: only requests act.
    ['Manual', 'none', 'none', 'none'],
    ['Manual', 'none', 'start', 'create'],
    ['Manual', 'none', 'startPaused', 'create paused'],
    ['Manual', 'none', 'stopOther', 'none'],
    ['Manual', 'Running', 'none', 'none'],
    ['Manual', 'Failed', 'none', 'none'],
    ['Manual', 'Running', 'stopThis', 'delete'],
    ['Manual', 'Running', 'stopOther', 'none'],
    ['Manual', 'Running', 'start', 'none'],
    ['Manual', 'deleting', 'stopThis', 'none'],
    // Halted: no VMI.
    ['Halted', 'none', 'none', 'none'],
    ['Halted', 'Running', 'none', 'delete'],
    ['Halted', 'Failed', 'none', 'delete'],
    ['Halted', 'deleting', 'none', 'none'],
    ['Halted', 'none', 'startPaused', 'startHalted'],
    // Once: runs once, never restarts.
    ['Once', 'none', 'none', 'create'],
    ['Once', 'Running', 'none', 'none'],
    ['Once', 'Succeeded', 'none', 'none'],
    ['Once', 'Failed', 'none', 'none'],
    ['WaitAsReceiver', 'none', 'none', 'none'],
  ] as const)('%s with a VMI %s and request %s: %s', (strategy, vmi, request, expected) => {
    expect(decide(strategy, vmi, request)).toBe(expected);
  });

  it('starts a RerunOnFailure VM that comes from another run strategy', () => {
    expect(decide('RerunOnFailure', 'none', 'none', 'Halted')).toBe('create');
  });

  it('waits out the crash-loop backoff before starting again', () => {
    const vm = testVm({
      runStrategy: 'Always',
      status: {
        startFailure: { consecutiveFailCount: 1, retryAfterTimestamp: '2025-01-01T00:10:07Z' },
      },
    });
    expect(decideVmAction({ vm, vmi: undefined, runStrategy: 'Always', nowMs: now })).toEqual({
      type: 'wait',
      retryInMs: 7000,
    });
  });

  it('starts once the backoff has passed', () => {
    const vm = testVm({
      runStrategy: 'Always',
      status: {
        startFailure: { consecutiveFailCount: 3, retryAfterTimestamp: '2025-01-01T00:09:59Z' },
      },
    });
    expect(decideVmAction({ vm, vmi: undefined, runStrategy: 'Always', nowMs: now }).type).toBe(
      'create',
    );
  });

  it.each([
    ['a VMI', testVmi({ phase: 'Running' }), 'delete'],
    ['a deleting VMI', testVmi({ phase: 'Running', deleting: true }), 'none'],
    ['no VMI', undefined, 'finalize'],
  ])('stops a VM being deleted with %s: %s', (_, vmi, expected) => {
    const vm = testVm({ runStrategy: 'Always', deleting: true });
    expect(decideVmAction({ vm, vmi, runStrategy: 'Always', nowMs: now }).type).toBe(expected);
  });
});

describe('runStrategyOf', () => {
  it.each([
    [{ runStrategy: 'Manual' as const }, 'Manual'],
    [{ running: true }, 'Always'],
    [{ running: false }, 'Halted'],
    [{}, 'Halted'],
  ])('reads %j as %s', (spec, expected) => {
    expect(runStrategyOf(testVm(spec))).toBe(expected);
  });
});
