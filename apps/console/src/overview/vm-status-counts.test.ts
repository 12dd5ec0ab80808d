// @vitest-environment node
import type { VirtualMachinePrintableStatus } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { makeVm } from '../workloads/workload-fixtures.ts';
import { isVmErrorStatus, vmStatusCounts } from './vm-status-counts.ts';

const vms = (statuses: readonly (VirtualMachinePrintableStatus | undefined)[]) =>
  statuses.map((status, i) =>
    makeVm({ name: `vm-${String(i)}`, ...(status === undefined ? {} : { status }) }),
  );

describe('vmStatusCounts', () => {
  it.each<[(VirtualMachinePrintableStatus | undefined)[], [string, number][]]>([
    [
      [],
      [
        ['Running', 0],
        ['Stopped', 0],
        ['Starting', 0],
        ['Paused', 0],
        ['Migrating', 0],
      ],
    ],
    [
      ['Running', 'Running', 'Stopped', 'ErrorUnschedulable', undefined, 'CrashLoopBackOff'],
      [
        ['Running', 2],
        ['Stopped', 1],
        ['Starting', 0],
        ['Paused', 0],
        ['Migrating', 0],
        ['CrashLoopBackOff', 1],
        ['ErrorUnschedulable', 1],
        ['Unknown', 1],
      ],
    ],
  ])('counts VMs with statuses %j', (statuses, expected) => {
    expect(vmStatusCounts(vms(statuses)).map(({ status, count }) => [status, count])).toEqual(
      expected,
    );
  });
});

describe('isVmErrorStatus', () => {
  it.each([
    ['ErrorUnschedulable', true],
    ['ErrorPvcNotFound', true],
    ['CrashLoopBackOff', true],
    ['ImagePullBackOff', true],
    ['Running', false],
    ['Stopped', false],
    ['WaitingForVolumeBinding', false],
  ])('says whether %s is an error (%s)', (status, expected) => {
    expect(isVmErrorStatus(status)).toBe(expected);
  });
});
