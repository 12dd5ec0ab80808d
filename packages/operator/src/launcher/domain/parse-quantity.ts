import { parseQuantity as quantityValue } from '@podvisor/api/quantity';
import { DomainConversionError } from './domain-conversion-error.ts';

/**
 * The value of a non-negative Kubernetes quantity (`512Mi`, `1Gi`, `1G`, `1.5Gi`, `2`, `500m`,
 * `1e9`, or a JSON number) in whole units, rounded up (`500m` → 1), computed exactly by
 * `@podvisor/api`'s parser. Throws a DomainConversionError naming `field` for anything else, a
 * negative value, or a value beyond 2^53 units.
 */
export function parseQuantity(value: string | number, field: string): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const units = quantityValue(text);
  if (units === undefined || units < 0n) {
    throw new DomainConversionError(field, `'${text}' is not a valid quantity (e.g. 512Mi, 2Gi)`);
  }
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainConversionError(field, `'${text}' is too large`);
  }
  return Number(units);
}
