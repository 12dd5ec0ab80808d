import { parseQuantity, type VirtualMachineInstance } from '@podvisor/api';
import { TerminalError } from '@podvisor/kube';

const mib = 1024n * 1024n;

/**
 * The launcher pod's own processes, measured (RSS, docs/performance.md): virt-launcher on Node
 * (168 MiB), its private libvirtd (28), virtlogd (8) and `virsh event` (19). KubeVirt counts
 * 190 MiB for the same roles (monitor, launcher, virtlogd, virtqemud).
 */
export const launcherProcessesOverheadMiB = 223;

/** QEMU's own memory besides guest RAM (KubeVirt's figure). */
export const qemuOverheadMiB = 50;

/** Per vCPU, for its thread and TCG/KVM state (KubeVirt's figure). */
export const perVcpuOverheadMiB = 8;

/** The IOThread (KubeVirt's figure). */
export const ioThreadOverheadMiB = 8;

/** The video RAM of the graphics device attached by default (KubeVirt's figure). */
export const videoRamOverheadMiB = 32;

/** Guest page tables: one byte per 512 bytes of guest RAM. */
const pageTableDivisor = 512n;

function quantityBytes(value: string | number | undefined, field: string): bigint | undefined {
  if (value === undefined) return undefined;
  const bytes = parseQuantity(value);
  if (bytes === undefined || bytes < 0n) {
    throw new TerminalError(`${field}: ${JSON.stringify(value)} is not a valid quantity`);
  }
  return bytes;
}

/** The guest's RAM: `domain.memory.guest`, else the memory request, else the limit. */
export function guestMemoryBytes(vmi: VirtualMachineInstance): bigint {
  const domain = vmi.spec.domain;
  return (
    quantityBytes(domain.memory?.guest, 'spec.domain.memory.guest') ??
    quantityBytes(domain.resources?.requests?.memory, 'spec.domain.resources.requests.memory') ??
    quantityBytes(domain.resources?.limits?.memory, 'spec.domain.resources.limits.memory') ??
    0n
  );
}

/** The guest's vCPUs: sockets × cores × threads (each 1 by default). */
export function vcpuCount(vmi: VirtualMachineInstance): number {
  const cpu = vmi.spec.domain.cpu;
  return (cpu?.sockets ?? 1) * (cpu?.cores ?? 1) * (cpu?.threads ?? 1);
}

/**
 * The memory a launcher pod needs on top of the guest's RAM, in bytes, after KubeVirt's formula
 * (`pkg/hypervisor/kvm`): the fixed processes of the pod (our measured launcher plus QEMU's
 * base), page tables, each vCPU, the IOThread and, unless disabled, the graphics device's VRAM.
 * Throws a `TerminalError` naming the field when a memory quantity is malformed.
 */
export function memoryOverheadBytes(vmi: VirtualMachineInstance): bigint {
  const graphics = vmi.spec.domain.devices.autoattachGraphicsDevice !== false;
  const fixedMiB =
    launcherProcessesOverheadMiB +
    qemuOverheadMiB +
    perVcpuOverheadMiB * vcpuCount(vmi) +
    ioThreadOverheadMiB +
    (graphics ? videoRamOverheadMiB : 0);
  const pageTables = (guestMemoryBytes(vmi) + pageTableDivisor - 1n) / pageTableDivisor;
  return BigInt(fixedMiB) * mib + pageTables;
}
