import { isIPv4 } from 'node:net';

/** The longest label (RFC 1035 §2.3.4). */
export const maxLabelLength = 63;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The character an escape at `name[i]` (a backslash) stands for, and how many characters it takes. */
function readEscape(name: string, i: number): [string, number] {
  if (isDigit(name[i + 1]) && isDigit(name[i + 2]) && isDigit(name[i + 3])) {
    const code = Number(name.slice(i + 1, i + 4));
    if (code > 255) throw new Error(`name '${name}' has an escape above \\255`);
    return [String.fromCharCode(code), 4];
  }
  if (i + 1 >= name.length) throw new Error(`name '${name}' ends with a lone backslash`);
  return [name.charAt(i + 1), 2];
}

/**
 * The labels of a dotted name in presentation form (`\.` and `\DDD` escapes, an optional
 * trailing dot; `''` and `.` are the root), unescaped, one byte per character (latin1).
 * Throws on an empty label or a bad escape.
 */
export function splitName(name: string): string[] {
  if (name === '' || name === '.') return [];
  const labels: string[] = [];
  let label = '';
  for (let i = 0; i < name.length;) {
    const c = name.charAt(i);
    if (c === '.') {
      if (label === '') throw new Error(`name '${name}' has an empty label`);
      labels.push(label);
      label = '';
      i += 1;
    } else if (c === '\\') {
      const [char, used] = readEscape(name, i);
      label += char;
      i += used;
    } else {
      label += c;
      i += 1;
    }
  }
  if (label !== '') labels.push(label);
  return labels;
}

function escapeLabel(label: string): string {
  let text = '';
  for (const c of label) {
    const code = c.charCodeAt(0);
    if (c === '.' || c === '\\') text += `\\${c}`;
    else if (code < 0x21 || code > 0x7e) text += `\\${String(code).padStart(3, '0')}`;
    else text += c;
  }
  return text;
}

/** A dotted name (no trailing dot) from raw labels, escaping dots, backslashes and non-printables. */
export function joinLabels(labels: readonly string[]): string {
  return labels.map(escapeLabel).join('.');
}

/** A name for comparisons: lower case, without a trailing dot. */
export function canonicalName(name: string): string {
  return joinLabels(splitName(name.toLowerCase()));
}

/** The labels of `name` left of `zone` (both canonical), or undefined when `name` is outside it. */
export function labelsUnder(name: string, zone: string): string[] | undefined {
  const labels = splitName(name);
  const zoneLabels = splitName(zone);
  if (labels.length < zoneLabels.length) return undefined;
  const tail = labels.slice(labels.length - zoneLabels.length);
  if (tail.some((label, i) => label !== zoneLabels[i])) return undefined;
  return labels.slice(0, labels.length - zoneLabels.length);
}

/** The `in-addr.arpa` name of an IPv4 address (`10.0.0.1` → `1.0.0.10.in-addr.arpa`). */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** The IPv4 address of the labels left of `in-addr.arpa`, when they are exactly four octets. */
export function ipOfReverseLabels(labels: readonly string[]): string | undefined {
  if (labels.length !== 4) return undefined;
  const ip = [...labels].reverse().join('.');
  return isIPv4(ip) ? ip : undefined;
}

/** The address of a dashed pod label (`10-0-0-1` → `10.0.0.1`), when it is one. */
export function ipOfDashedLabel(label: string): string | undefined {
  const ip = label.replaceAll('-', '.');
  return label.split('-').length === 4 && isIPv4(ip) ? ip : undefined;
}

/** The dashed form of an IPv4 address, as in pod names (`10.0.0.1` → `10-0-0-1`). */
export function dashedIp(ip: string): string {
  return ip.replaceAll('.', '-');
}

const domainPattern =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** A cluster domain as given (`cluster.local`, `Cluster.Local.`), canonical; throws naming `field`. */
export function parseZone(zone: string, field: string): string {
  const canonical = zone.toLowerCase().replace(/\.$/, '');
  if (!domainPattern.test(canonical))
    throw new Error(
      `${field}: '${zone}' is not a DNS domain (lower-case labels separated by dots)`,
    );
  return canonical;
}
