import { DomainConversionError } from './domain-conversion-error.ts';

const aliasSafe = /^[A-Za-z0-9_.-]+$/;

/** The libvirt user alias of a spec device (`ua-<name>`), so a device can be found by its spec name. */
export function userAlias(name: string, field: string): string {
  if (!aliasSafe.test(name)) {
    throw new DomainConversionError(
      field,
      `'${name}' may only contain letters, digits, '-', '_' and '.'`,
    );
  }
  return `ua-${name}`;
}

/** The n-th (0-based) disk letter suffix: a…z, aa…az, ba…, as Linux and libvirt name disks. */
export function diskLetters(index: number): string {
  const letter = String.fromCharCode(97 + (index % 26));
  return index < 26 ? letter : `${diskLetters(Math.floor(index / 26) - 1)}${letter}`;
}

/** Checks a boot order: a positive integer. */
export function checkBootOrder(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new DomainConversionError(field, `must be a positive integer, got ${String(value)}`);
  }
  return value;
}
