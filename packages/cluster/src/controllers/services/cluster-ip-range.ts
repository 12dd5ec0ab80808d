import { isIPv4 } from 'node:net';

/** An IPv4 Service ClusterIP range (kube-apiserver's `--service-cluster-ip-range`). */
export interface ClusterIpRange {
  /** The range as given, e.g. `10.96.0.0/16`. */
  readonly cidr: string;
  /** The network address as an unsigned 32-bit number. */
  readonly base: number;
  /** How many addresses the range spans, network and broadcast included. */
  readonly size: number;
}

/** The numeric value of a dotted IPv4 address (no validation: callers check `isIPv4`). */
export function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** The dotted form of an unsigned 32-bit number. */
export function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * Parses an IPv4 CIDR into a {@link ClusterIpRange}. As kube-apiserver, the prefix must be /12
 * or longer (at most 2^20 addresses) and leave room for addresses (/30 at most); the address must
 * be the network's own. Throws an Error naming `field` otherwise.
 */
export function parseClusterIpRange(cidr: string, field = 'serviceClusterIpRange'): ClusterIpRange {
  const [address = '', prefixText = '', ...rest] = cidr.split('/');
  const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!isIPv4(address) || rest.length > 0 || !(prefix >= 12 && prefix <= 30))
    throw new Error(
      `${field}: '${cidr}' is not an IPv4 CIDR with a prefix length from 12 to 30 (e.g. 10.96.0.0/16)`,
    );
  const size = 2 ** (32 - prefix);
  const value = ipv4ToNumber(address);
  const base = value - (value % size);
  if (base !== value)
    throw new Error(
      `${field}: '${cidr}' is not a network address (the network is ${numberToIpv4(base)}/${prefix})`,
    );
  return { cidr, base, size };
}

/** Local mode's loopback range (no pod network: everything on the host's 127.0.0.0/8). */
export const loopbackClusterIpRange: ClusterIpRange = parseClusterIpRange('127.96.0.0/16');

/** The address at `offset` from the range's network address. */
export function clusterIpAt(range: ClusterIpRange, offset: number): string {
  return numberToIpv4(range.base + offset);
}

/** The first address of the range: upstream's ClusterIP of `default/kubernetes`. */
export function kubernetesServiceIpOf(range: ClusterIpRange): string {
  return clusterIpAt(range, 1);
}

/**
 * The offset of `ip` inside the range; undefined outside it and for the network and broadcast
 * addresses, which are never allocated.
 */
export function clusterIpOffset(range: ClusterIpRange, ip: string): number | undefined {
  if (!isIPv4(ip)) return undefined;
  const offset = ipv4ToNumber(ip) - range.base;
  return offset >= 1 && offset < range.size - 1 ? offset : undefined;
}

/** Whether `ip` is an allocatable address of `range`. */
export function isClusterIpIn(range: ClusterIpRange, ip: string): boolean {
  return clusterIpOffset(range, ip) !== undefined;
}

/**
 * How many low addresses upstream keeps for Services that ask for one:
 * min(max(16, size/16), 256), none for ranges of 16 addresses or fewer.
 */
export function staticBandOf(range: ClusterIpRange): number {
  if (range.size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(range.size / 16)), 256);
}
