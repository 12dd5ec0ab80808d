import type { ClusterConfig } from '../cluster-config.ts';
import type { LooseDomain } from '../validation/loose.ts';
import { formatBytes, parseQuantity } from '../validation/parse-quantity.ts';

type Quantity = string | number;

function isSet(value: unknown): value is Quantity {
  return value != null && value !== '';
}

function setRequest(domain: LooseDomain, name: 'cpu' | 'memory', value: Quantity): void {
  domain.resources ??= {};
  domain.resources.requests ??= {};
  domain.resources.requests[name] = value;
}

/** `domain.machine.type` from the cluster's machine type. */
export function defaultMachine(domain: LooseDomain, config: ClusterConfig): void {
  domain.machine ??= {};
  if (!isSet(domain.machine.type)) domain.machine.type = config.machineType;
}

/** Dedicated CPUs (not in Podvisor's schema yet) take their request from the topology. */
function dedicatedCpus(domain: LooseDomain): boolean {
  return (domain.cpu as Record<string, unknown> | undefined)?.dedicatedCpuPlacement === true;
}

/** The memory request that backs `guest` bytes of guest memory at the cluster's overcommit. */
function overcommittedRequest(guest: Quantity, percent: number): Quantity | undefined {
  if (percent === 100) return guest;
  const bytes = parseQuantity(guest);
  if (bytes === undefined || bytes <= 0n) return undefined;
  return formatBytes((bytes * 100n) / BigInt(percent));
}

/**
 * Resource requests: a request copies its limit; CPU falls back to the cluster's CPU request
 * (not with dedicated CPUs); memory comes from `memory.guest` at the overcommit ratio.
 */
export function defaultResourceRequests(domain: LooseDomain, config: ClusterConfig): void {
  defaultCpuRequest(domain, config);
  defaultMemoryRequest(domain, config);
}

function defaultCpuRequest(domain: LooseDomain, config: ClusterConfig): void {
  if (isSet(domain.resources?.requests?.cpu)) return;
  const limit = domain.resources?.limits?.cpu;
  if (isSet(limit)) setRequest(domain, 'cpu', limit);
  else if (!dedicatedCpus(domain)) setRequest(domain, 'cpu', config.cpuRequest);
}

function defaultMemoryRequest(domain: LooseDomain, config: ClusterConfig): void {
  const requests = domain.resources?.requests ?? {};
  const limits = domain.resources?.limits ?? {};
  if (isSet(requests.memory)) return;
  if (isSet(limits.memory)) {
    setRequest(domain, 'memory', limits.memory);
    return;
  }
  const guest = domain.memory?.guest;
  if (!isSet(guest)) return;
  const request = overcommittedRequest(guest, config.memoryOvercommitPercent);
  if (request !== undefined) setRequest(domain, 'memory', request);
}

/** `memory.guest` from the memory request, else the limit. */
export function defaultGuestMemory(domain: LooseDomain): void {
  if (isSet(domain.memory?.guest)) return;
  const candidates = [domain.resources?.requests?.memory, domain.resources?.limits?.memory];
  const guest = candidates.find((q) => isSet(q) && (parseQuantity(q) ?? 0n) > 0n);
  if (guest === undefined) return;
  domain.memory ??= {};
  domain.memory.guest = guest;
}

function unset(count: number | undefined | null): boolean {
  return count == null || count === 0;
}

/** vCPUs for a VMI without a topology: the CPU limit, else the request, rounded up, at least 1. */
function vcpusFromResources(domain: LooseDomain): number {
  const limit = domain.resources?.limits?.cpu;
  const source = isSet(limit) ? limit : domain.resources?.requests?.cpu;
  const vcpus = parseQuantity(source) ?? 1n;
  return vcpus < 1n ? 1 : Number(vcpus);
}

/**
 * The guest CPU topology: without one, all vCPUs go into sockets (KubeVirt's choice, best for
 * guests), with one core and one thread each; a partial topology gets 1 for each missing count.
 */
export function defaultCpuTopology(domain: LooseDomain): void {
  const cpu = (domain.cpu ??= {});
  if (unset(cpu.sockets) && unset(cpu.cores) && unset(cpu.threads)) {
    cpu.sockets = vcpusFromResources(domain);
  }
  if (unset(cpu.sockets)) cpu.sockets = 1;
  if (unset(cpu.cores)) cpu.cores = 1;
  if (unset(cpu.threads)) cpu.threads = 1;
}
