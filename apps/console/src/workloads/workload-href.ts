import { podHref } from '../pods/pod-href.ts';
import { vmHref } from '../vms/vm-href.ts';
import type { WorkloadRef } from './workload-rows.ts';

/** Where a link to a workload goes: its details page (a pod's, or a VM's). */
export function workloadHref(ref: WorkloadRef): string {
  return ref.kind === 'VirtualMachine'
    ? vmHref(ref.namespace, ref.name)
    : podHref(ref.namespace, ref.name);
}
