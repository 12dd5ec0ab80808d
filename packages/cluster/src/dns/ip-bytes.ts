import { isIPv4, isIPv6 } from 'node:net';

/** The 4 bytes of an IPv4 address; throws when `ip` is not one. */
export function ipv4Bytes(ip: string): number[] {
  if (!isIPv4(ip)) throw new Error(`'${ip}' is not an IPv4 address`);
  return ip.split('.').map(Number);
}

/** The dotted form of 4 bytes. */
export function ipv4Text(bytes: Uint8Array): string {
  return [...bytes].join('.');
}

function groupsOf(part: string): number[] {
  if (part === '') return [];
  const groups: number[] = [];
  for (const piece of part.split(':')) {
    if (isIPv4(piece)) {
      const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(piece);
      groups.push(a * 256 + b, c * 256 + d);
    } else groups.push(parseInt(piece, 16));
  }
  return groups;
}

/** The 16 bytes of an IPv6 address (with `::` and an embedded IPv4 tail); throws when not one. */
export function ipv6Bytes(ip: string): number[] {
  if (!isIPv6(ip)) throw new Error(`'${ip}' is not an IPv6 address`);
  const [head = '', tail] = ip.split('::');
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** The text form of 16 bytes: eight hexadecimal groups, without `::` shortening. */
export function ipv6Text(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}
