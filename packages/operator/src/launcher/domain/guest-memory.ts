import type { DomainSpec } from '@podvisor/api';
import { DomainConversionError } from './domain-conversion-error.ts';
import { parseQuantity } from './parse-quantity.ts';

/** Smallest guest accepted: less cannot boot even the tiny guest's kernel. */
const minimumBytes = 16 * 1024 * 1024;

function memorySource(domain: DomainSpec): { field: string; value: string | number } | undefined {
  const guest = domain.memory?.guest;
  if (guest !== undefined) return { field: 'spec.domain.memory.guest', value: guest };
  const request = domain.resources?.requests?.memory;
  if (request !== undefined)
    return { field: 'spec.domain.resources.requests.memory', value: request };
  const limit = domain.resources?.limits?.memory;
  if (limit !== undefined) return { field: 'spec.domain.resources.limits.memory', value: limit };
  return undefined;
}

/**
 * Guest memory in KiB (rounded up) from `memory.guest`, else `resources.requests.memory`, else
 * `resources.limits.memory`. Throws a DomainConversionError naming the field when none is set,
 * the quantity is malformed, zero, or below 16 MiB.
 */
export function guestMemoryKiB(domain: DomainSpec): number {
  const source = memorySource(domain);
  if (source === undefined) {
    throw new DomainConversionError(
      'spec.domain.resources.requests.memory',
      'guest memory is required (set it or spec.domain.memory.guest)',
    );
  }
  const bytes = parseQuantity(source.value, source.field);
  if (bytes === 0) throw new DomainConversionError(source.field, 'guest memory must be above zero');
  if (bytes < minimumBytes) {
    throw new DomainConversionError(
      source.field,
      `${String(source.value)} is too little guest memory; at least 16Mi is needed`,
    );
  }
  return Math.ceil(bytes / 1024);
}
