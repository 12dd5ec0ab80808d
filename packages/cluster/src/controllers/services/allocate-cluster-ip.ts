import { isIPv4 } from 'node:net';
import { statusErrors } from '../../apiserver/status-error.ts';

/** The Service ClusterIP range of the embedded cluster (all of it on the host's loopback). */
export const clusterIpRange = '127.96.0.0/16';

/** The ClusterIP of `default/kubernetes`, the first address of the range, as upstream. */
export const kubernetesServiceIp = '127.96.0.1';

const rangeBase = (127 << 24) | (96 << 16);
const rangeSize = 1 << 16;
/**
 * Upstream keeps the low band of the range for Services that ask for an address (for a /16,
 * its first 256 addresses) and allocates dynamically above it first.
 */
const staticBand = 256;

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The offset of an address inside the range (undefined outside it, network and broadcast included). */
function offsetOf(ip: string): number | undefined {
  const offset = toNumber(ip) - rangeBase;
  return offset >= 1 && offset < rangeSize - 1 ? offset : undefined;
}

/** Whether `ip` is an allocatable address of {@link clusterIpRange}. */
export function isClusterIp(ip: string): boolean {
  return isIPv4(ip) && offsetOf(ip) !== undefined;
}

function invalidIp(serviceName: string, ip: string, detail: string): Error {
  return statusErrors.invalid('Service', serviceName, [
    {
      reason: 'FieldValueInvalid',
      field: 'spec.clusterIPs',
      message: `Invalid value: []string{${JSON.stringify(ip)}}: ${detail}`,
    },
  ]);
}

function checkRequested(used: ReadonlySet<string>, requested: string, serviceName: string): string {
  if (!isIPv4(requested)) {
    throw statusErrors.invalid('Service', serviceName, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIPs[0]',
        message: `Invalid value: ${JSON.stringify(requested)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
      },
    ]);
  }
  const failed = `failed to allocate IP ${requested}`;
  if (offsetOf(requested) === undefined) {
    throw invalidIp(
      serviceName,
      requested,
      `${failed}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${clusterIpRange}`,
    );
  }
  if (used.has(requested))
    throw invalidIp(serviceName, requested, `${failed}: provided IP is already allocated`);
  return requested;
}

function firstFree(used: ReadonlySet<string>, from: number, to: number): string | undefined {
  for (let offset = from; offset < to; offset++) {
    const ip = toIp(rangeBase + offset);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/**
 * Allocates a Service ClusterIP from {@link clusterIpRange}, given the addresses in use. A
 * requested address is checked (a valid IPv4 address, in the range, free) and returned; otherwise
 * the lowest free address above the static band is taken, then the static band (never the
 * network or broadcast address, nor {@link kubernetesServiceIp}). A bad request is the 422
 * kube-apiserver answers a create with (`spec.clusterIPs: Invalid value: …`), a full range a 500.
 * Upstream allocates synchronously while creating the Service, so the create path may call this.
 */
export function allocateClusterIp(
  used: ReadonlySet<string>,
  requested?: string,
  serviceName = '',
): string {
  if (requested !== undefined && requested !== '')
    return checkRequested(used, requested, serviceName);
  const ip = firstFree(used, staticBand, rangeSize - 1) ?? firstFree(used, 2, staticBand);
  if (ip === undefined)
    throw statusErrors.internal('failed to allocate a serviceIP: range is full');
  return ip;
}
