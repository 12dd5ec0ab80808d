import { createHash } from 'node:crypto';

/** The bridge in the cluster netns that every pod's veth joins. */
export const bridgeName = 'pv0';
/** A pod's interface, in its own netns. */
export const podInterfaceName = 'eth0';
/** Linux's limit on interface names (IFNAMSIZ 16, with the terminating NUL). */
export const maxInterfaceNameLength = 15;

const clusterIdPattern = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const podHashLength = 12;

/** A cluster id, pod uid or netns name that cannot be used; the message names the field. */
export class NetworkNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkNameError';
  }
}

/**
 * Checks a cluster id: 1–32 characters of a–z, 0–9 and inner `-`, so every name derived from it
 * is a safe file name under /run/netns and an unambiguous prefix.
 */
export function checkClusterId(clusterId: string): string {
  if (!clusterIdPattern.test(clusterId)) {
    throw new NetworkNameError(
      `clusterId must be 1–32 characters of a–z, 0–9 and inner '-', got ${JSON.stringify(clusterId)}`,
    );
  }
  return clusterId;
}

/** The first 12 hex digits of the pod uid's SHA-256: 48 bits, unique enough for a cluster's pods. */
export function podHash(podUid: string): string {
  if (podUid === '') throw new NetworkNameError('podUid must not be empty');
  return createHash('sha256').update(podUid).digest('hex').slice(0, podHashLength);
}

/** The cluster netns: `podvisor-<clusterId>`. */
export function clusterNetnsName(clusterId: string): string {
  return `podvisor-${checkClusterId(clusterId)}`;
}

/** A pod's netns: `pv-<clusterId>-<podhash>`. */
export function podNetnsName(clusterId: string, podUid: string): string {
  return `pv-${checkClusterId(clusterId)}-${podHash(podUid)}`;
}

/**
 * The cluster-side end of a pod's veth pair, on `pv0`: `pv<podhash>` (14 characters, within
 * IFNAMSIZ). The pod's end is always `eth0`, in the pod's netns.
 */
export function hostVethName(podUid: string): string {
  return `pv${podHash(podUid)}`;
}

/** Whether `netns` is a pod netns of the cluster `clusterId` (exactly `pv-<id>-<12 hex>`). */
export function isPodNetnsOf(clusterId: string, netns: string): boolean {
  const prefix = `pv-${checkClusterId(clusterId)}-`;
  return (
    netns.startsWith(prefix) &&
    new RegExp(`^[0-9a-f]{${podHashLength}}$`).test(netns.slice(prefix.length))
  );
}

/** Checks a netns name before it goes on a command line: a plain file name under /run/netns. */
export function checkNetnsName(netns: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(netns)) {
    throw new NetworkNameError(
      `netns must be 1–64 characters of letters, digits, '.', '_' and '-', got ${JSON.stringify(netns)}`,
    );
  }
  return netns;
}
