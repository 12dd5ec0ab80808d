import { isIP } from 'node:net';
import { DomainConversionError } from './domain-conversion-error.ts';
import type { GuestAddress } from './libvirt-domain.ts';

/** KubeVirt's default `vmNetworkCIDR` of a masquerade interface. */
export const defaultVmNetworkCidr = '10.0.2.0/24';

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
 * The fixed address a masquerade interface gives its guest, as KubeVirt derives it from the pod
 * network's `vmNetworkCIDR` (default 10.0.2.0/24): the gateway is the network's first address,
 * the guest its second (10.0.2.1 and 10.0.2.2). Host bits in `cidr` are ignored, as KubeVirt's
 * parsing does. Every launcher gives the guest the same address, so a migrated guest needs no new
 * lease. Throws a {@link DomainConversionError} naming `field` for anything but a unicast IPv4
 * network with a prefix of 30 or less.
 */
export function masqueradeAddress(cidr: string | undefined, field: string): GuestAddress {
  const value = cidr === undefined || cidr === '' ? defaultVmNetworkCidr : cidr;
  const match = cidrPattern.exec(value);
  const [, address = '', prefixText = ''] = match ?? [];
  if (match === null || isIP(address) !== 4) {
    throw new DomainConversionError(field, `'${value}' is not an IPv4 CIDR such as 10.0.2.0/24`);
  }
  const prefixLength = Number(prefixText);
  if (prefixLength > longestPrefix) {
    throw new DomainConversionError(
      field,
      `'${value}' has no room for a gateway and a guest: the prefix must be ${String(longestPrefix)} or less`,
    );
  }
  const size = 2 ** (32 - prefixLength);
  const network = Math.floor(toNumber(address) / size) * size;
  const problem = unusable(network);
  if (problem !== undefined) throw new DomainConversionError(field, `'${value}' ${problem}`);
  return { address: toAddress(network + 2), prefixLength, gateway: toAddress(network + 1) };
}
