const pattern = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

/** kube-apiserver's wording for a malformed quantity. */
export const quantitySyntaxMessage =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Suffixes as [power of two, power of ten]. */
const suffixes: Readonly<Record<string, readonly [number, number]>> = {
  Ki: [10, 0],
  Mi: [20, 0],
  Gi: [30, 0],
  Ti: [40, 0],
  Pi: [50, 0],
  Ei: [60, 0],
  n: [0, -9],
  u: [0, -6],
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
  return q * d === n || n < 0n ? q : q + 1n;
}

function quantityText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The exact value of a Kubernetes Quantity (`100m`, `1.5`, `1024M`, `1Gi`, `1e3`…) in thousandths
 * of its unit, rounded up; undefined when the value is not a quantity.
 */
export function parseMilliQuantity(value: unknown): bigint | undefined {
  const text = quantityText(value);
  const m = text === undefined ? null : pattern.exec(text);
  if (m === null) return undefined;
  const [, sign = '', number = '', suffix = ''] = m;
  const [whole = '', fraction = ''] = number.split('.');
  const [pow2, pow10] = exponents(suffix);
  if (Math.abs(pow10) > 40) return undefined;
  const digits = BigInt(`${whole}${fraction}` === '' ? '0' : `${whole}${fraction}`);
  const scale = pow10 + 3 - fraction.length;
  const scaled = digits * 2n ** BigInt(pow2);
  const millis =
    scale >= 0 ? scaled * 10n ** BigInt(scale) : ceilDiv(scaled, 10n ** BigInt(-scale));
  return sign === '-' ? -millis : millis;
}

/** A quantity's value in whole units, rounded up like Quantity.Value(); undefined when malformed. */
export function parseQuantity(value: unknown): bigint | undefined {
  const millis = parseMilliQuantity(value);
  return millis === undefined ? undefined : ceilDiv(millis, 1000n);
}

const binarySuffixes = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const;

/** Formats a byte count the way Kubernetes prints BinarySI quantities (`1Gi`, `1536Mi`, `1000`). */
export function formatBytes(bytes: bigint): string {
  if (bytes === 0n) return '0';
  for (const [i, suffix] of binarySuffixes.entries()) {
    const unit = 1n << BigInt(10 * (binarySuffixes.length - i));
    if (bytes % unit === 0n) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}
