import { type FieldError, fieldError, fieldPath } from './field-error.ts';
import type { LooseDomain } from './loose.ts';
import { parseQuantity, quantitySyntaxMessage } from './parse-quantity.ts';

const oneMegabyte = 1_000_000n;
/** Podvisor's sanity limit for guest memory. */
const maxMemoryBytes = 2n ** 41n;
const maxVcpus = 512;

interface Amount {
  field: string;
  raw: unknown;
  /** Whole units (bytes or cores, rounded up); undefined when absent or malformed. */
  value: bigint | undefined;
}

function amount(field: string, raw: unknown): Amount {
  return { field, raw, value: parseQuantity(raw) };
}

function present(raw: unknown): boolean {
  return raw != null;
}

function show(a: Amount): string {
  return `${a.field} '${String(a.raw)}'`;
}

/** Syntax and sign of one quantity. */
function quantityErrors(a: Amount): FieldError[] {
  if (!present(a.raw)) return [];
  if (a.value === undefined)
    return [fieldError('FieldValueInvalid', a.field, quantitySyntaxMessage)];
  if (a.value < 0n) {
    return [
      fieldError('FieldValueInvalid', a.field, `${show(a)}: must be greater than or equal to 0.`),
    ];
  }
  return [];
}

/** A memory size that is set must be between 1M and 2Ti. */
function memorySizeErrors(a: Amount): FieldError[] {
  if (a.value === undefined || a.value < 0n) return [];
  if (a.value < oneMegabyte && (a.value > 0n || a.field.endsWith('guest'))) {
    return [
      fieldError('FieldValueInvalid', a.field, `${show(a)}: must be greater than or equal to 1M.`),
    ];
  }
  if (a.value > maxMemoryBytes) {
    return [
      fieldError('FieldValueInvalid', a.field, `${show(a)}: must be less than or equal to 2Ti.`),
    ];
  }
  return [];
}

/** A request above its limit. */
function requestOverLimit(request: Amount, limit: Amount): FieldError[] {
  if (request.value === undefined || limit.value === undefined || limit.value <= 0n) return [];
  if (request.value <= limit.value) return [];
  const message = `${show(request)} is greater than ${show(limit)}`;
  return [fieldError('FieldValueInvalid', request.field, message)];
}

function guestOverLimit(guest: Amount, limit: Amount): FieldError[] {
  if (guest.value === undefined || limit.value === undefined || limit.value <= 0n) return [];
  if (guest.value <= limit.value) return [];
  const message = `${show(guest)} must be equal to or less than the memory limit ${show(limit)}`;
  return [fieldError('FieldValueInvalid', guest.field, message)];
}

function validateMemory(base: string, domain: LooseDomain): FieldError[] {
  const resources = fieldPath(base, 'resources');
  const request = amount(
    fieldPath(resources, 'requests', 'memory'),
    domain.resources?.requests?.memory,
  );
  const limit = amount(fieldPath(resources, 'limits', 'memory'), domain.resources?.limits?.memory);
  const guest = amount(fieldPath(base, 'memory', 'guest'), domain.memory?.guest);
  return [
    ...[request, limit, guest].flatMap((a) => [...quantityErrors(a), ...memorySizeErrors(a)]),
    ...requestOverLimit(request, limit),
    ...guestOverLimit(guest, limit),
  ];
}

function validateCpuResources(base: string, domain: LooseDomain): FieldError[] {
  const resources = fieldPath(base, 'resources');
  const request = amount(fieldPath(resources, 'requests', 'cpu'), domain.resources?.requests?.cpu);
  const limit = amount(fieldPath(resources, 'limits', 'cpu'), domain.resources?.limits?.cpu);
  return [
    ...quantityErrors(request),
    ...quantityErrors(limit),
    ...requestOverLimit(request, limit),
  ];
}

function validateTopology(base: string, domain: LooseDomain): FieldError[] {
  const cpu = domain.cpu;
  if (cpu == null) return [];
  const field = fieldPath(base, 'cpu');
  const counts = { sockets: cpu.sockets, cores: cpu.cores, threads: cpu.threads };
  const errors = Object.entries(counts).flatMap(([name, value]) => {
    if (value === undefined || (Number.isInteger(value) && value >= 1)) return [];
    const message = `${fieldPath(field, name)} '${String(value)}': must be greater than or equal to 1.`;
    return [fieldError('FieldValueInvalid', fieldPath(field, name), message)];
  });
  if (errors.length > 0) return errors;
  const vcpus = (cpu.sockets ?? 1) * (cpu.cores ?? 1) * (cpu.threads ?? 1);
  if (vcpus > maxVcpus) {
    const message = `${field}: sockets × cores × threads is ${vcpus} vCPUs, more than the maximum of ${maxVcpus}`;
    errors.push(fieldError('FieldValueInvalid', field, message));
  }
  const maxSockets = cpu.maxSockets;
  if (maxSockets !== undefined && maxSockets !== 0 && (cpu.sockets ?? 1) > maxSockets) {
    const message = 'Number of sockets in CPU topology is greater than the maximum sockets allowed';
    errors.push(fieldError('FieldValueInvalid', fieldPath(field, 'sockets'), message));
  }
  return errors;
}

/** Validates `domain.resources`, `domain.memory` and the `domain.cpu` topology. */
export function validateResources(base: string, domain: LooseDomain): FieldError[] {
  return [
    ...validateMemory(base, domain),
    ...validateCpuResources(base, domain),
    ...validateTopology(base, domain),
  ];
}

/** Something must size the guest's memory: `memory.guest` or a memory request or limit. */
export function validateMemoryPresent(base: string, domain: LooseDomain): FieldError[] {
  const sized = [
    domain.memory?.guest,
    domain.resources?.requests?.memory,
    domain.resources?.limits?.memory,
  ].some((value) => present(value) && parseQuantity(value) !== 0n);
  if (sized) return [];
  const guest = fieldPath(base, 'memory', 'guest');
  const request = fieldPath(base, 'resources', 'requests', 'memory');
  const limit = fieldPath(base, 'resources', 'limits', 'memory');
  const message = `no memory requested, at least one of '${guest}', '${request}' or '${limit}' must be set`;
  return [fieldError('FieldValueRequired', guest, message)];
}
