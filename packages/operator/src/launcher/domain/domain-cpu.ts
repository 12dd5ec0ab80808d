import type { DomainSpec } from '@podvisor/api';
import { DomainConversionError } from './domain-conversion-error.ts';
import type { LibvirtCpu, VcpuTopology } from './libvirt-domain.ts';
import { parseQuantity } from './parse-quantity.ts';

/** The fixed CPU model under TCG and the KVM default: same on every host, so migration works. */
export const fixedCpuModel = 'qemu64';

/** Largest vCPU count accepted (QEMU's q35 limit with x2apic is far higher; this is a sanity bound). */
const maxVcpus = 255;

const modelName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The guest CPU: always the fixed `qemu64` under TCG; under KVM `host-model` or
 * `host-passthrough` when the spec asks, a named model when it names one, `qemu64` otherwise.
 */
export function cpuFor(domain: DomainSpec, accel: 'kvm' | 'tcg'): LibvirtCpu {
  const model = domain.cpu?.model;
  if (accel === 'tcg' || model === undefined || model === '') {
    return { mode: 'custom', model: fixedCpuModel };
  }
  if (model === 'host-model' || model === 'host-passthrough') return { mode: model };
  if (!modelName.test(model)) {
    throw new DomainConversionError('spec.domain.cpu.model', `'${model}' is not a CPU model name`);
  }
  return { mode: 'custom', model };
}

function topologyCount(value: number | undefined, field: string): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1) {
    throw new DomainConversionError(field, `must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** vCPUs from `resources.limits.cpu`, else `requests.cpu`, rounded up (as KubeVirt does without a topology). */
function vcpusFromResources(domain: DomainSpec): number {
  const limit = domain.resources?.limits?.cpu;
  if (limit !== undefined) return parseQuantity(limit, 'spec.domain.resources.limits.cpu');
  const request = domain.resources?.requests?.cpu;
  if (request !== undefined) return parseQuantity(request, 'spec.domain.resources.requests.cpu');
  return 1;
}

/**
 * The vCPU topology: `cpu.sockets × cores × threads` (each defaulting to 1) when any is set,
 * otherwise the CPU resources as sockets.
 */
export function vcpuTopologyFor(domain: DomainSpec): VcpuTopology {
  const cpu = domain.cpu;
  const explicit =
    cpu?.sockets !== undefined || cpu?.cores !== undefined || cpu?.threads !== undefined;
  const topology = explicit
    ? {
        sockets: topologyCount(cpu.sockets, 'spec.domain.cpu.sockets'),
        cores: topologyCount(cpu.cores, 'spec.domain.cpu.cores'),
        threads: topologyCount(cpu.threads, 'spec.domain.cpu.threads'),
      }
    : { sockets: Math.max(1, vcpusFromResources(domain)), cores: 1, threads: 1 };
  const count = topology.sockets * topology.cores * topology.threads;
  if (count > maxVcpus) {
    throw new DomainConversionError(
      explicit ? 'spec.domain.cpu' : 'spec.domain.resources',
      `${String(count)} vCPUs requested; at most ${String(maxVcpus)} are supported`,
    );
  }
  return { count, ...topology };
}
