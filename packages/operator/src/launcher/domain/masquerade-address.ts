import { vmNetworkAddresses } from '@podvisor/api/vm-network';
import { DomainConversionError } from './domain-conversion-error.ts';
import type { GuestAddress } from './libvirt-domain.ts';

export { defaultVmNetworkCidr } from '@podvisor/api/vm-network';

/**
 * The fixed address a masquerade interface gives its guest, as KubeVirt derives it from the pod
 * network's `vmNetworkCIDR` (default 10.0.2.0/24): the gateway is the network's first address,
 * the guest its second (10.0.2.1 and 10.0.2.2). Every launcher gives the guest the same address,
 * so a migrated guest needs no new lease. Throws a {@link DomainConversionError} naming `field`
 * for anything but a unicast IPv4 network with a prefix of 30 or less (admission refuses those
 * already; this guards VMIs stored before).
 */
export function masqueradeAddress(cidr: string | undefined, field: string): GuestAddress {
  const addresses = vmNetworkAddresses(cidr);
  if ('problem' in addresses) throw new DomainConversionError(field, addresses.problem);
  return addresses;
}
