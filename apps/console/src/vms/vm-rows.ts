import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { vmStatus } from './vm-actions.ts';

/** One row of the Virtual machines table. */
export interface VmRow {
  /** `<namespace>/<name>`. */
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  /** printableStatus. */
  readonly status: string;
  readonly ready: boolean;
  readonly node: string | undefined;
  readonly ip: string | undefined;
  readonly cpu: string | undefined;
  readonly memory: string | undefined;
  /** creationTimestamp in epoch milliseconds. */
  readonly created: number | undefined;
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}

function timestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function vcpus(
  cpu:
    { readonly cores?: number; readonly sockets?: number; readonly threads?: number } | undefined,
): number | undefined {
  if (cpu === undefined) return undefined;
  const { cores, sockets, threads } = cpu;
  if (cores === undefined && sockets === undefined && threads === undefined) return undefined;
  return (sockets ?? 1) * (cores ?? 1) * (threads ?? 1);
}

/** The vCPUs of the VM's template (sockets × cores × threads), else its CPU request. */
export function vmCpu(vm: VirtualMachine): string | undefined {
  const domain = vm.spec.template.spec?.domain;
  const topology = vcpus(domain?.cpu);
  if (topology !== undefined) return `${String(topology)} vCPU`;
  const request = domain?.resources?.requests?.['cpu'];
  return request === undefined ? undefined : `${String(request)} CPU`;
}

/** The guest memory of the VM's template, else its memory request. */
export function vmMemory(vm: VirtualMachine): string | undefined {
  const domain = vm.spec.template.spec?.domain;
  const memory = domain?.memory?.guest ?? domain?.resources?.requests?.['memory'];
  return memory === undefined ? undefined : String(memory);
}

/** The VMI's primary IP address (of its first interface that has one). */
export function vmiIp(vmi: VirtualMachineInstance | undefined): string | undefined {
  const withIp = (vmi?.status?.interfaces ?? []).find(
    (entry) => entry.ipAddress !== undefined && entry.ipAddress !== '',
  );
  return withIp?.ipAddress;
}

/** `<namespace>/<name>` of an object. */
export function objectKey(object: {
  readonly metadata: { readonly namespace?: string; readonly name?: string };
}): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/** The table's rows: each VM with its VMI (same namespace and name), in the VMs' order. */
export function buildVmRows(
  vms: readonly VirtualMachine[],
  vmis: readonly VirtualMachineInstance[],
): VmRow[] {
  const vmiByKey = new Map(vmis.map((vmi) => [objectKey(vmi), vmi]));
  return vms.map((vm) => {
    const key = objectKey(vm);
    const vmi = vmiByKey.get(key);
    return {
      key,
      name: vm.metadata.name ?? '',
      namespace: vm.metadata.namespace ?? '',
      status: vmStatus(vm),
      ready: vm.status?.ready === true,
      node: vmi?.status?.nodeName,
      ip: vmiIp(vmi),
      cpu: vmCpu(vm),
      memory: vmMemory(vm),
      created: timestamp(vm.metadata.creationTimestamp),
      vm,
      vmi,
    };
  });
}

/** The rows whose name contains `text` (any case) and whose status is `status` (when given). */
export function filterVmRows(
  rows: readonly VmRow[],
  filters: { readonly text: string; readonly status: string | undefined },
): VmRow[] {
  const text = filters.text.trim().toLowerCase();
  return rows.filter(
    (row) =>
      (filters.status === undefined || row.status === filters.status) &&
      (text === '' || row.name.toLowerCase().includes(text)),
  );
}
