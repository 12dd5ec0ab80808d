import type { VirtualMachineInstance, VirtualMachineInstanceNetworkInterface } from '@podvisor/api';
import type { DomainStatus, GuestInfo } from '../protocol/v1/index.ts';

type NetworkInterface = VirtualMachineInstanceNetworkInterface;

/** What {@link vmiInterfaces} combines. */
export interface InterfaceSources {
  readonly vmi: VirtualMachineInstance;
  readonly domain?: DomainStatus | null | undefined;
  readonly guestInfo?: GuestInfo | null | undefined;
  /** The launcher pod's IP: the guest is reached through it (masquerade, passt). */
  readonly podIp?: string | undefined;
}

const normalMac = (mac: string | undefined): string | undefined =>
  mac === undefined || mac === '' ? undefined : mac.toLowerCase().replace(/-/g, ':');

/** The spec's interfaces, or KubeVirt's default pod interface when the spec declares none. */
function specInterfaces(vmi: VirtualMachineInstance): NetworkInterface[] {
  const devices = vmi.spec.domain.devices;
  const declared = devices.interfaces ?? [];
  if (declared.length === 0) {
    const autoattach = devices.autoattachPodInterface !== false;
    return autoattach && (vmi.spec.networks ?? []).length === 0 ? [{ name: 'default' }] : [];
  }
  return declared.map((iface) => {
    const mac = normalMac(iface.macAddress);
    return { name: iface.name, ...(mac === undefined ? {} : { mac }) };
  });
}

function withPodIp(iface: NetworkInterface, podIp: string | undefined): NetworkInterface {
  const base: NetworkInterface = { ...iface, infoSource: iface.infoSource ?? 'domain' };
  if (podIp === undefined || podIp === '' || base.ipAddress !== undefined) return base;
  return { ...base, ipAddress: podIp, ipAddresses: [podIp] };
}

/** Adds what the guest agent says about the interface with the same MAC. */
function withAgent(iface: NetworkInterface, agent: readonly NetworkInterface[]): NetworkInterface {
  const mac = normalMac(iface.mac);
  const match = mac === undefined ? undefined : agent.find((a) => normalMac(a.mac) === mac);
  if (match === undefined) return iface;
  return {
    ...iface,
    ...(match.interfaceName === undefined ? {} : { interfaceName: match.interfaceName }),
    infoSource: 'domain, guest-agent',
  };
}

/**
 * The VMI's `status.interfaces`: the launcher's report of the domain's NICs when it gives one,
 * else the spec's interfaces (name and MAC), each with the pod IP through which the guest is
 * reached, and the guest agent's interface name for the NIC with the same MAC.
 */
export function vmiInterfaces(sources: InterfaceSources): NetworkInterface[] {
  const reported = sources.domain?.interfaces ?? [];
  const base = reported.length > 0 ? reported : specInterfaces(sources.vmi);
  const agent = sources.guestInfo?.interfaces ?? [];
  return base.map((iface) => withAgent(withPodIp(iface, sources.podIp), agent));
}
