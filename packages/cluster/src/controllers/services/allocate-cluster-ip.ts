import { isIPv4 } from 'node:net';
import { statusErrors } from '../../apiserver/status-error.ts';
import {
  clusterIpAt,
  clusterIpOffset,
  staticBandOf,
  type ClusterIpRange,
} from './cluster-ip-range.ts';

function invalidIp(serviceName: string, ip: string, detail: string): Error {
  return statusErrors.invalid('Service', serviceName, [
    {
      reason: 'FieldValueInvalid',
      field: 'spec.clusterIPs',
      message: `Invalid value: []string{${JSON.stringify(ip)}}: ${detail}`,
    },
  ]);
}

/** What {@link allocateClusterIp} needs besides the range. */
export interface ClusterIpRequest {
  /** The ClusterIPs Services hold. */
  readonly used: ReadonlySet<string>;
  /** The address the Service asks for (`''` or absent: any). */
  readonly requested?: string | undefined;
  /** The Service's name, for the 422's message. */
  readonly serviceName?: string | undefined;
}

function checkRequested(range: ClusterIpRange, request: ClusterIpRequest, ip: string): string {
  const serviceName = request.serviceName ?? '';
  if (!isIPv4(ip)) {
    throw statusErrors.invalid('Service', serviceName, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIPs[0]',
        message: `Invalid value: ${JSON.stringify(ip)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
      },
    ]);
  }
  const failed = `failed to allocate IP ${ip}`;
  if (clusterIpOffset(range, ip) === undefined) {
    throw invalidIp(
      serviceName,
      ip,
      `${failed}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${range.cidr}`,
    );
  }
  if (request.used.has(ip))
    throw invalidIp(serviceName, ip, `${failed}: provided IP is already allocated`);
  return ip;
}

function firstFree(
  range: ClusterIpRange,
  used: ReadonlySet<string>,
  offsets: { readonly from: number; readonly to: number },
): string | undefined {
  for (let offset = offsets.from; offset < offsets.to; offset++) {
    const ip = clusterIpAt(range, offset);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/**
 * Allocates a Service ClusterIP from `range`, given the addresses in use. A requested address is
 * checked (a valid IPv4 address, in the range, free) and returned; otherwise the lowest free
 * address above the static band (upstream's min(max(16, size/16), 256) low addresses, kept for
 * Services that ask for one) is taken, then the static band (never the network or broadcast
 * address, nor the first address, `default/kubernetes`'s). A bad request is the 422
 * kube-apiserver answers a create with (`spec.clusterIPs: Invalid value: …`, naming the range), a
 * full range a 500. Upstream allocates synchronously while creating the Service, so the create
 * path calls this.
 */
export function allocateClusterIp(range: ClusterIpRange, request: ClusterIpRequest): string {
  const { requested, used } = request;
  if (requested !== undefined && requested !== '') return checkRequested(range, request, requested);
  const band = Math.max(2, staticBandOf(range));
  const ip =
    firstFree(range, used, { from: band, to: range.size - 1 }) ??
    firstFree(range, used, { from: 2, to: band });
  if (ip === undefined)
    throw statusErrors.internal('failed to allocate a serviceIP: range is full');
  return ip;
}
