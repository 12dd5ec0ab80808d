import { isIP } from 'node:net';

/** KubeVirt's default `spec.networks[].pod.vmNetworkCIDR`, the guest's side of a masquerade NIC. */
export const defaultVmNetworkCidr = '10.0.2.0/24';

/** The fixed addresses a masquerade interface gives its guest. */
export interface VmNetworkAddresses {
  /** The guest's address: the network's second (10.0.2.2 by default). */
  readonly address: string;
  readonly prefixLength: number;
  /** The guest's gateway: the network's first address (10.0.2.1 by default). */
  readonly gateway: string;
}

/** The network, its gateway, the guest and the broadcast address need 4 addresses: /30 at most. */
const longestPrefix = 30;
const cidrPattern = /^([0-9.]+)\/(\d{1,2})$/;

function toNumber(address: string): number {
  return address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => String(Math.floor(value / 2 ** shift) % 256)).join('.');
}

/** Why the network cannot hold a guest, or undefined when it can. */
function unusable(network: number): string | undefined {
  const first = Math.floor(network / 2 ** 24);
  if (first === 0) return 'is in 0.0.0.0/8 ("this network")';
  if (first === 127) return 'is in 127.0.0.0/8 (loopback)';
  if (first >= 224) return 'is not unicast (multicast or reserved, 224.0.0.0/3)';
  return undefined;
}

/**
 * The guest's and the gateway's addresses of a `vmNetworkCIDR` (empty or unset: 10.0.2.0/24), as
 * KubeVirt derives them (host bits ignored), or what is wrong with it: anything but a unicast IPv4
 * network with a prefix of 30 or less.
 */
export function vmNetworkAddresses(
  cidr: string | undefined,
): VmNetworkAddresses | { readonly problem: string } {
  const value = cidr === undefined || cidr === '' ? defaultVmNetworkCidr : cidr;
  const match = cidrPattern.exec(value);
  const [, address = '', prefixText = ''] = match ?? [];
  if (match === null || isIP(address) !== 4)
    return { problem: `'${value}' is not an IPv4 CIDR such as 10.0.2.0/24` };
  const prefixLength = Number(prefixText);
  if (prefixLength > longestPrefix) {
    return {
      problem: `'${value}' has no room for a gateway and a guest: the prefix must be ${String(longestPrefix)} or less`,
    };
  }
  const size = 2 ** (32 - prefixLength);
  const network = Math.floor(toNumber(address) / size) * size;
  const problem = unusable(network);
  if (problem !== undefined) return { problem: `'${value}' ${problem}` };
  return { address: toAddress(network + 2), prefixLength, gateway: toAddress(network + 1) };
}
