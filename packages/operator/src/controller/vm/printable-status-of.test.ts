import type { VirtualMachineInstanceCondition } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { printableStatusOf, type PrintableStatusInput } from './printable-status-of.ts';
import { testVm, testVmi } from './vm-test-objects.ts';

const paused: VirtualMachineInstanceCondition = { type: 'Paused', status: 'True' };
const unschedulable: VirtualMachineInstanceCondition = {
  type: 'PodScheduled',
  status: 'False',
  reason: 'Unschedulable',
};
const pvcMissing: VirtualMachineInstanceCondition = {
  type: 'Synchronized',
  status: 'False',
  reason: 'FailedPvcNotFound',
};
const migrating = (() => {
  const vmi = testVmi({ phase: 'Running' });
  vmi.status = { ...vmi.status, migrationState: { startTimestamp: '2025-01-01T00:00:00Z' } };
  return vmi;
})();

const base: PrintableStatusInput = {
  vm: testVm({ runStrategy: 'Always' }),
  vmi: undefined,
  runStrategy: 'Always',
  startFailure: undefined,
  startExpected: false,
  stopExpected: false,
  imagePull: undefined,
};

describe('printableStatusOf', () => {
  it.each<[string, Partial<PrintableStatusInput>, string]>([
    [
      'a VM being deleted, even while running',
      { vm: testVm({ deleting: true }), vmi: testVmi({ phase: 'Running' }) },
      'Terminating',
    ],
    [
      'a running VMI being deleted',
      { vmi: testVmi({ phase: 'Running', deleting: true }) },
      'Stopping',
    ],
    [
      'a running VMI just deleted',
      { vmi: testVmi({ phase: 'Running' }), stopExpected: true },
      'Stopping',
    ],
    ['a migrating VMI', { vmi: migrating }, 'Migrating'],
    [
      'a paused running VMI',
      { vmi: testVmi({ phase: 'Running', conditions: [paused] }) },
      'Paused',
    ],
    ['a running VMI', { vmi: testVmi({ phase: 'Running' }) }, 'Running'],
    [
      'a VMI missing its PVC',
      { vmi: testVmi({ phase: 'Pending', conditions: [pvcMissing] }) },
      'ErrorPvcNotFound',
    ],
    [
      'an unschedulable VMI',
      { vmi: testVmi({ phase: 'Scheduling', conditions: [unschedulable] }) },
      'ErrorUnschedulable',
    ],
    [
      'a launcher that cannot pull',
      { vmi: testVmi({ phase: 'Scheduling' }), imagePull: 'ErrImagePull' },
      'ErrImagePull',
    ],
    [
      'a launcher backing off a pull',
      { vmi: testVmi({ phase: 'Scheduling' }), imagePull: 'ImagePullBackOff' },
      'ImagePullBackOff',
    ],
    ['a pending VMI', { vmi: testVmi({ phase: 'Pending' }) }, 'Starting'],
    ['a VMI without a phase', { vmi: testVmi() }, 'Starting'],
    ['a scheduled VMI', { vmi: testVmi({ phase: 'Scheduled' }) }, 'Starting'],
    ['a VMI just created', { startExpected: true }, 'Starting'],
    [
      'no VMI after failed starts',
      { startFailure: { consecutiveFailCount: 2 } },
      'CrashLoopBackOff',
    ],
    [
      'a failed VMI after failed starts',
      { vmi: testVmi({ phase: 'Failed' }), startFailure: { consecutiveFailCount: 1 } },
      'CrashLoopBackOff',
    ],
    [
      'failed starts under Manual',
      { runStrategy: 'Manual', startFailure: { consecutiveFailCount: 1 } },
      'Stopped',
    ],
    ['no VMI', {}, 'Stopped'],
    ['a succeeded VMI', { vmi: testVmi({ phase: 'Succeeded' }) }, 'Stopped'],
    ['a failed VMI', { vmi: testVmi({ phase: 'Failed' }) }, 'Stopped'],
    [
      'a receiver waiting for its sync',
      { runStrategy: 'WaitAsReceiver', vmi: testVmi({ phase: 'WaitingForSync' }) },
      'WaitingForReceiver',
    ],
    ['a VMI in phase Unknown', { vmi: testVmi({ phase: 'Unknown' }) }, 'Unknown'],
  ])('shows %s as %s', (_, overrides, expected) => {
    expect(printableStatusOf({ ...base, ...overrides })).toBe(expected);
  });

  it('prefers the earlier status when several apply (unschedulable over starting)', () => {
    const vmi = testVmi({ phase: 'Pending', conditions: [unschedulable] });
    expect(printableStatusOf({ ...base, vmi, imagePull: 'ErrImagePull' })).toBe(
      'ErrorUnschedulable',
    );
  });
});
