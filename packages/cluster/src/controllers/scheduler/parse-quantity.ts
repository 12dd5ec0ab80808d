/** A resource quantity that does not follow Kubernetes' Quantity syntax. */
export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

const pattern = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

/** kube-apiserver's wording for a malformed quantity. */
const syntaxMessage =
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

/** Divides rounding up, as Quantity's MilliValue does. */
function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return q * d === n || n < 0n ? q : q + 1n;
}

/**
 * The value of a Kubernetes Quantity (`100m`, `1.5`, `512Mi`, `1Gi`, `1e3`, `2k`…) in
 * thousandths of its unit (millicores for cpu, millibytes for memory), rounded up, computed
 * exactly (no floating point). A number is taken as its decimal form. Throws a QuantityError
 * for anything else.
 */
export function parseQuantity(value: string | number): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = pattern.exec(text);
  if (m === null) throw new QuantityError(syntaxMessage);
  const [, sign = '', number = '', suffix = ''] = m;
  const [whole = '', fraction = ''] = number.split('.');
  const [pow2, pow10] = exponents(suffix);
  const digits = BigInt(`${whole}${fraction}` === '' ? '0' : `${whole}${fraction}`);
  const scale = pow10 + 3 - fraction.length;
  const scaled = digits * 2n ** BigInt(pow2);
  const millis =
    scale >= 0 ? scaled * 10n ** BigInt(scale) : ceilDiv(scaled, 10n ** BigInt(-scale));
  return Number(sign === '-' ? -millis : millis);
}
