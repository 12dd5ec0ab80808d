import { DomainConversionError } from './domain-conversion-error.ts';

const pattern = /^(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[mkMGTPE])?$/;

/** Suffixes as [power of two, power of ten]. */
const suffixes: Readonly<Record<string, readonly [number, number]>> = {
  Ki: [10, 0],
  Mi: [20, 0],
  Gi: [30, 0],
  Ti: [40, 0],
  Pi: [50, 0],
  Ei: [60, 0],
  m: [0, -3],
  '': [0, 0],
  k: [0, 3],
  M: [0, 6],
  G: [0, 9],
  T: [0, 12],
  P: [0, 15],
  E: [0, 18],
};

function exponents(suffix: string): readonly [number, number] {
  if (/^[eE]/.test(suffix)) return [0, Number(suffix.slice(1))];
  return suffixes[suffix] ?? [0, 0];
}

function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return q * d === n ? q : q + 1n;
}

/**
 * The value of a non-negative Kubernetes quantity (`512Mi`, `1Gi`, `1G`, `1.5Gi`, `2`, `500m`,
 * `1e9`, or a JSON number) in whole units, rounded up (`500m` → 1), computed exactly.
 * Throws a DomainConversionError naming `field` for anything else, or for a value beyond
 * 2^53 units.
 */
export function parseQuantity(value: string | number, field: string): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = pattern.exec(text);
  if (m === null) {
    throw new DomainConversionError(field, `'${text}' is not a valid quantity (e.g. 512Mi, 2Gi)`);
  }
  const [, number = '', suffix = ''] = m;
  const [whole = '', fraction = ''] = number.split('.');
  const [pow2, pow10] = exponents(suffix);
  const digits = BigInt(`${whole}${fraction}` || '0') * 2n ** BigInt(pow2);
  const scale = pow10 - fraction.length;
  const units = scale >= 0 ? digits * 10n ** BigInt(scale) : ceilDiv(digits, 10n ** BigInt(-scale));
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainConversionError(field, `'${text}' is too large`);
  }
  return Number(units);
}
