/**
 * The string formats a CRD schema may use (apiextensions' supported formats; any other format is
 * dropped from CRD schemas and so ignored here) and how kube-openapi's `strfmt` checks them.
 */

const DURATION_UNITS = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];

function isDurationUnit(unit: string): boolean {
  const u = unit.toLowerCase();
  return DURATION_UNITS.some((variants) =>
    variants.some((v, i) => u === v || (i === variants.length - 1 && u.startsWith(v))),
  );
}

/** Go's time.ParseDuration syntax, or strfmt's `3 days 4h` form. */
function isDuration(text: string): boolean {
  if (/^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.test(text) || text === '0') return true;
  if (!/^\s*(?:\d+\s*[A-Za-zµ]+\s*)+$/.test(text)) return false;
  const units = [...text.matchAll(/\d+\s*([A-Za-zµ]+)/g)].map((m) => m[1] ?? '');
  return units.some(isDurationUnit);
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 0;
  } catch {
    return false;
  }
}

function isCIDR(text: string): boolean {
  const [ip = '', bits, ...rest] = text.split('/');
  if (bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}

function isBase64(text: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);
}

function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.getUTCDate() === Number(m[3]);
}

function isDateTime(text: string): boolean {
  const m =
    /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (m === null || !isDate(m[1] ?? '')) return false;
  return Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 61;
}

function isHostname(text: string): boolean {
  if (text.length > 255) return false;
  const label = /^[\p{L}\p{N}\p{S}]([\p{L}\p{N}\p{S}-]{0,61}[\p{L}\p{N}\p{S}])?$/u;
  return text.split('.').every((part) => label.test(part));
}

function isURI(text: string): boolean {
  if (text.startsWith('/')) return !/\s/.test(text);
  try {
    return new URL(text).protocol.length > 1;
  } catch {
    return false;
  }
}

const uuid = (version: string): RegExp =>
  new RegExp(
    `^[0-9a-f]{8}-?[0-9a-f]{4}-?${version}[0-9a-f]{3}-?${version === '[0-9a-f]' ? '[0-9a-f]' : '[89ab]'}[0-9a-f]{3}-?[0-9a-f]{12}$`,
    'i',
  );

const STRING_FORMATS: ReadonlyMap<string, (text: string) => boolean> = new Map([
  ['bsonobjectid', (t: string) => /^[0-9a-fA-F]{24}$/.test(t)],
  ['uri', isURI],
  ['email', (t: string) => /^[^\s@<>()]+@[^\s@<>()]+$/.test(t)],
  ['hostname', isHostname],
  ['ipv4', isIPv4],
  ['ipv6', isIPv6],
  ['cidr', isCIDR],
  ['mac', (t: string) => /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/.test(t)],
  ['uuid', (t: string) => uuid('[0-9a-f]').test(t)],
  ['uuid3', (t: string) => uuid('3').test(t)],
  ['uuid4', (t: string) => uuid('4').test(t)],
  ['uuid5', (t: string) => uuid('5').test(t)],
  ['isbn', () => true],
  ['isbn10', () => true],
  ['isbn13', () => true],
  ['creditcard', () => true],
  ['ssn', (t: string) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(t)],
  ['hexcolor', (t: string) => /^#?([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$/.test(t)],
  ['rgbcolor', (t: string) => /^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/.test(t)],
  ['byte', isBase64],
  ['password', () => true],
  ['date', isDate],
  ['duration', isDuration],
  ['datetime', isDateTime],
]);

/** Numeric formats a CRD may declare; they never fail a value (upstream checks no ranges). */
const NUMBER_FORMATS = new Set(['int32', 'int64', 'float', 'double']);

/** strfmt normalizes names by dropping dashes and case: `date-time` is `datetime`. */
function normalize(format: string): string {
  return format.replaceAll('-', '').toLowerCase();
}

/** Whether the format is one Kubernetes keeps in a schema (others are ignored). */
export function isSupportedFormat(format: string): boolean {
  const name = normalize(format);
  return STRING_FORMATS.has(name) || NUMBER_FORMATS.has(name);
}

/** Whether `text` is valid for `format`; true for formats that do not constrain strings. */
export function matchesStringFormat(format: string, text: string): boolean {
  const check = STRING_FORMATS.get(normalize(format));
  return check === undefined || check(text);
}

/** Whether `format` constrains string values at all. */
export function isStringFormat(format: string): boolean {
  return STRING_FORMATS.has(normalize(format));
}
