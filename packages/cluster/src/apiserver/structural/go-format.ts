import type { Json } from '../json.ts';

/**
 * Go's rendering of values in Kubernetes' field errors, so that messages read exactly as a real
 * API server writes them: `%q` for strings, `%v` for numbers, `%#v` for maps and slices.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

function escapeRune(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  if (PRINTABLE.test(ch)) return ch;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** Go's `strconv.Quote` (`%q`): a double-quoted string with Go escapes. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) out += escapeRune(ch);
  return `${out}"`;
}

/** Whether Go would hold this JSON number as an int64 (integral and in range). */
export function isGoInteger(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63;
}

/** Go's `%v` of a float64: shortest digits, exponent form below 1e-4 or from 1e6 on. */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return '0';
  const [mantissa = '0', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** A JSON number as Go prints it after decoding (int64 when integral, else float64). */
export function goNumber(n: number): string {
  return isGoInteger(n) ? BigInt(n).toString() : goFloat(n);
}

/** Go's `%#v` of a decoded JSON value (`map[string]interface {}{"k":"v"}`…). */
export function goSharp(value: Json): string {
  if (value === null) return 'interface {}(nil)';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSharp).join(', ')}}`;
  const keys = Object.keys(value).sort(compareBytes);
  const entries = keys.map((k) => `${goQuote(k)}:${goSharp(value[k] ?? null)}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}

/** How `field.Error` prints a bad value: `"text"`, `5`, `true`, `"null"`, or `%#v`. */
export function formatGoValue(value: Json): string {
  if (value === null) return '"null"';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return goSharp(value);
}

/** Byte-wise string order, as Go's `sort.Strings` (same as UTF-16 order outside surrogates). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** JSON with object keys sorted, as Go's `json.Marshal` writes maps: a canonical identity. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort(compareBytes);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
}
