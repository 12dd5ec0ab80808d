import type { VirtualMachineStateChangeRequest } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { computeVmStatus, isHandled, type VmStatusInput } from './compute-vm-status.ts';
import { defaultCrashLoopBackoff } from './start-failure.ts';
import { testVm, testVmi } from './vm-test-objects.ts';

const now = Date.parse('2025-01-01T00:10:00Z');
const input = (overrides: Partial<VmStatusInput> = {}): VmStatusInput => ({
  vm: testVm({ runStrategy: 'Always' }),
  vmi: undefined,
  runStrategy: 'Always',
  nowMs: now,
  backoff: { ...defaultCrashLoopBackoff, minStableRunSeconds: 0 },
  random: () => 0,
  startExpected: false,
  stopExpected: false,
  addStartRequest: false,
  syncFailure: undefined,
  imagePull: undefined,
  ...overrides,
});

describe('isHandled (trimming the first state change request)', () => {
  const start: VirtualMachineStateChangeRequest = { action: 'Start' };
  const stopThis: VirtualMachineStateChangeRequest = { action: 'Stop', uid: 'vmi-uid' };
  const stopOld: VirtualMachineStateChangeRequest = { action: 'Stop', uid: 'old-uid' };
  const stopNoUid: VirtualMachineStateChangeRequest = { action: 'Stop' };
  it.each([
    ['Stop of this VMI, VMI gone', stopThis, undefined, true],
    ['Stop of this VMI, VMI running', stopThis, testVmi({ phase: 'Running' }), false],
    [
      'Stop of this VMI, VMI deleting',
      stopThis,
      testVmi({ phase: 'Running', deleting: true }),
      false,
    ],
    ['Stop of an older VMI, new VMI running', stopOld, testVmi({ phase: 'Running' }), true],
    ['Stop without a UID', stopNoUid, testVmi({ phase: 'Running' }), true],
    ['Start, no VMI yet', start, undefined, false],
    ['Start, VMI pending', start, testVmi({ phase: 'Pending' }), true],
    ['Start, VMI running', start, testVmi({ phase: 'Running' }), true],
    ['Start, VMI failed', start, testVmi({ phase: 'Failed' }), false],
    ['Start, VMI deleting', start, testVmi({ phase: 'Running', deleting: true }), false],
  ])('%s: %s', (_, request, vmi, handled) => {
    expect(isHandled(request, vmi)).toBe(handled);
  });
});

describe('computeVmStatus', () => {
  it('describes a VM without a VMI as stopped and not ready', () => {
    const status = computeVmStatus(
      input({ vm: testVm({ runStrategy: 'Halted' }), runStrategy: 'Halted' }),
    );
    expect(status).toMatchObject({ created: false, ready: false, printableStatus: 'Stopped' });
    expect(status.conditions).toEqual([
      expect.objectContaining({ type: 'Ready', status: 'False', reason: 'VMINotExists' }),
    ]);
    expect(status.runStrategy).toBeUndefined();
  });

  it('mirrors a running VMI: created, ready, generations, run strategy and conditions', () => {
    const ready = {
      type: 'Ready',
      status: 'True' as const,
      lastTransitionTime: '2025-01-01T00:01:00Z',
    };
    const agent = { type: 'AgentConnected', status: 'True' as const };
    const vmi = testVmi({ phase: 'Running', conditions: [ready, agent], generation: '1' });
    const status = computeVmStatus(input({ vmi }));
    expect(status).toMatchObject({
      created: true,
      ready: true,
      printableStatus: 'Running',
      observedGeneration: 1,
      desiredGeneration: 2,
      runStrategy: 'Always',
    });
    expect(status.conditions).toEqual([ready, agent]);
  });

  it('says so when the VMI has no Ready condition', () => {
    const status = computeVmStatus(input({ vmi: testVmi({ phase: 'Scheduling' }) }));
    expect(status.conditions?.[0]).toMatchObject({
      status: 'False',
      reason: 'VMIConditionMissing',
    });
  });

  it('drops mirrored conditions the VMI no longer has, keeping RestartRequired', () => {
    const vm = testVm({
      runStrategy: 'Always',
      status: {
        conditions: [
          { type: 'Paused', status: 'True' },
          { type: 'RestartRequired', status: 'True', message: 'changed' },
        ],
      },
    });
    const status = computeVmStatus(input({ vm, vmi: testVmi({ phase: 'Running' }) }));
    expect(status.conditions?.map((c) => c.type)).toEqual(['Ready', 'RestartRequired']);
  });

  it('adds a Failure condition for a sync failure and removes it afterwards', () => {
    const syncFailure = { reason: 'FailedCreate', message: 'Failure while starting VMI: nope' };
    const failing = computeVmStatus(input({ syncFailure }));
    expect(failing.conditions).toContainEqual(
      expect.objectContaining({ type: 'Failure', status: 'True', ...syncFailure }),
    );
    const vm = testVm({ runStrategy: 'Always', status: failing });
    const healed = computeVmStatus(input({ vm }));
    expect(healed.conditions?.map((c) => c.type)).toEqual(['Ready']);
  });

  it('keeps the timestamps of an unchanged condition, so nothing is rewritten', () => {
    const first = computeVmStatus(input());
    const later = computeVmStatus(
      input({ vm: testVm({ runStrategy: 'Always', status: first }), nowMs: now + 60_000 }),
    );
    expect(later.conditions).toEqual(first.conditions);
  });

  it('trims the handled first request and keeps the rest', () => {
    const requests: VirtualMachineStateChangeRequest[] = [
      { action: 'Stop', uid: 'vmi-uid' },
      { action: 'Start' },
    ];
    const vm = testVm({ runStrategy: 'Manual', requests });
    const status = computeVmStatus(input({ vm, runStrategy: 'Manual' }));
    expect(status.stateChangeRequests).toEqual([{ action: 'Start' }]);
  });

  it('removes the field once the last request is handled', () => {
    const vm = testVm({ runStrategy: 'Manual', requests: [{ action: 'Start' }] });
    const status = computeVmStatus(
      input({ vm, runStrategy: 'Manual', vmi: testVmi({ phase: 'Pending' }) }),
    );
    expect(status).not.toHaveProperty('stateChangeRequests');
  });

  it('queues a Start request after deleting a failed VMI (RerunOnFailure)', () => {
    const vm = testVm({ runStrategy: 'RerunOnFailure' });
    const status = computeVmStatus(
      input({
        vm,
        runStrategy: 'RerunOnFailure',
        vmi: testVmi({ phase: 'Failed' }),
        addStartRequest: true,
        stopExpected: true,
      }),
    );
    expect(status.stateChangeRequests).toEqual([{ action: 'Start' }]);
    expect(status.startFailure?.consecutiveFailCount).toBe(1);
  });

  it('shows CrashLoopBackOff after a VMI failed early under Always', () => {
    const status = computeVmStatus(
      input({ vmi: testVmi({ phase: 'Failed' }), stopExpected: true }),
    );
    expect(status.printableStatus).toBe('CrashLoopBackOff');
    expect(status.startFailure).toEqual({
      consecutiveFailCount: 1,
      lastFailedVMIUID: 'vmi-uid',
      retryAfterTimestamp: '2025-01-01T00:10:10Z',
    });
  });

  it('keeps fields it does not manage', () => {
    const vm = testVm({ runStrategy: 'Always', status: { volumeRequests: [] } as never });
    expect(computeVmStatus(input({ vm }))).toHaveProperty('volumeRequests', []);
  });
});
