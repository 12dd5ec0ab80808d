import type { VirtualMachine } from '@podvisor/api';
import { vmStatus } from '../vms/vm-actions.ts';

/** How many VMs show one printable status. */
export interface StatusCount {
  readonly status: string;
  readonly count: number;
}

/** The statuses the Overview always shows, even at zero, in this order. */
export const primaryVmStatuses: readonly string[] = [
  'Running',
  'Stopped',
  'Starting',
  'Paused',
  'Migrating',
];

const errorStatuses: readonly string[] = [
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'DataVolumeError',
  'Unknown',
];

/** A printable status that means the VM is in trouble (`ErrorUnschedulable`, `CrashLoopBackOff`...). */
export function isVmErrorStatus(status: string): boolean {
  return status.startsWith('Error') || errorStatuses.includes(status);
}

/**
 * The VMs counted by printable status: the primary statuses first (also at zero), then every
 * other status present, alphabetically.
 */
export function vmStatusCounts(vms: readonly VirtualMachine[]): StatusCount[] {
  const counts = new Map<string, number>(primaryVmStatuses.map((status) => [status, 0]));
  for (const vm of vms) {
    const status = vmStatus(vm);
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const others = [...counts.keys()].filter((status) => !primaryVmStatuses.includes(status)).sort();
  return [...primaryVmStatuses, ...others].map((status) => ({
    status,
    count: counts.get(status) ?? 0,
  }));
}
