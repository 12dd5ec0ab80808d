import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import type { Devices, Interface, Network, Port } from '@podvisor/api';
import { checkBootOrder, userAlias } from './device-names.ts';
import { DomainConversionError } from './domain-conversion-error.ts';
import { isOneOf } from './is-one-of.ts';
import type { PodNetworkInput } from './domain-input.ts';
import type { GuestAddress, LibvirtInterface, PortForward } from './libvirt-domain.ts';
import { masqueradeAddress } from './masquerade-address.ts';

const models = ['virtio', 'e1000', 'e1000e', 'rtl8139', 'pcnet', 'ne2k_pci'] as const;
const macPattern = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

interface InterfaceEntry {
  readonly iface: Interface;
  readonly field: string;
}

/** The pod network an interface names, with its field path (`spec.networks[0]`). */
interface FoundNetwork {
  readonly network: Network;
  readonly field: string;
}

/** Spec interfaces; KubeVirt's default pod interface when the spec declares no interfaces or networks. */
function interfaceEntries(devices: Devices, networks: readonly Network[]): InterfaceEntry[] {
  const interfaces = devices.interfaces ?? [];
  if (
    interfaces.length === 0 &&
    networks.length === 0 &&
    devices.autoattachPodInterface !== false
  ) {
    return [{ iface: { name: 'default' }, field: 'spec.domain.devices.interfaces[0]' }];
  }
  return interfaces.map((iface, i) => ({
    iface,
    field: `spec.domain.devices.interfaces[${String(i)}]`,
  }));
}

/** The pod network the interface names; undefined for the default interface of a spec without networks. */
function checkPodNetwork(
  entry: InterfaceEntry,
  networks: readonly Network[],
  defaulted: boolean,
): FoundNetwork | undefined {
  const index = networks.findIndex((candidate) => candidate.name === entry.iface.name);
  const network = networks[index];
  if (network === undefined && defaulted) return undefined;
  if (network === undefined) {
    throw new DomainConversionError(`${entry.field}.name`, `'${entry.iface.name}' not found.`);
  }
  if (network.pod === undefined) {
    throw new DomainConversionError(
      `${entry.field}.name`,
      `network '${network.name}' is not the pod network; only the pod network is supported`,
    );
  }
  return { network, field: `spec.networks[${String(index)}]` };
}

function checkedModel(model: string | undefined, field: string): string {
  if (model === undefined || model === '') return 'virtio';
  if (!isOneOf(model, models)) {
    throw new DomainConversionError(
      field,
      `model '${model}' is not supported; use ${models.join(', ')}`,
    );
  }
  return model;
}

function checkedMac(mac: string | undefined, field: string): string | undefined {
  if (mac === undefined || mac === '') return undefined;
  if (!macPattern.test(mac))
    throw new DomainConversionError(field, `'${mac}' is not a MAC address`);
  const normalised = mac.toLowerCase().replace(/-/g, ':');
  if ((Number.parseInt(normalised.slice(0, 2), 16) & 1) === 1) {
    throw new DomainConversionError(
      field,
      `'${mac}' is a multicast address; a NIC needs a unicast one`,
    );
  }
  return normalised;
}

function portProtocol(port: Port, field: string): 'tcp' | 'udp' {
  const protocol: string = port.protocol ?? 'TCP';
  if (protocol === 'TCP' || protocol === 'UDP') return protocol === 'TCP' ? 'tcp' : 'udp';
  throw new DomainConversionError(
    `${field}.protocol`,
    `'${protocol}' is not supported; use TCP or UDP`,
  );
}

function portNumber(port: Port, field: string): number {
  if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) {
    throw new DomainConversionError(
      `${field}.port`,
      `${String(port.port)} is not a port number (1-65535)`,
    );
  }
  return port.port;
}

function addressOf(network: PodNetworkInput): { address: string } | Record<string, never> {
  if (network.ip === undefined || network.ip === '') return {};
  if (isIP(network.ip) === 0)
    throw new DomainConversionError('podIP', `'${network.ip}' is not an IP address`);
  return { address: network.ip };
}

/**
 * Port forwards from the pod IP to the same ports in the guest, as KubeVirt's passt binding
 * does: one entry per protocol with declared ports; with no declared ports, passt forwards every
 * TCP and UDP port (`all`) and slirp forwards none.
 */
function portForwardsFor(entry: InterfaceEntry, network: PodNetworkInput): PortForward[] {
  const ports = entry.iface.ports ?? [];
  const byProto = { tcp: [] as number[], udp: [] as number[] };
  ports.forEach((port, i) => {
    const field = `${entry.field}.ports[${String(i)}]`;
    byProto[portProtocol(port, field)].push(portNumber(port, field));
  });
  const address = addressOf(network);
  if (ports.length === 0) {
    return network.backend !== 'slirp'
      ? [
          { proto: 'tcp', ...address, ports: [] },
          { proto: 'udp', ...address, ports: [] },
        ]
      : [];
  }
  return (['tcp', 'udp'] as const)
    .filter((proto) => byProto[proto].length > 0)
    .map((proto) => ({ proto, ...address, ports: [...new Set(byProto[proto])] }));
}

function passtSocketOf(network: PodNetworkInput): { passtSocket: string } | Record<string, never> {
  if (network.backend !== 'passt-socket') return {};
  if (!isAbsolute(network.socket)) {
    throw new DomainConversionError(
      'network.socket',
      `'${network.socket}' is not an absolute path`,
    );
  }
  return { passtSocket: network.socket };
}

/**
 * The guest's fixed address for a masquerade interface (the binding when none is set) from the
 * network's `vmNetworkCIDR`, validated whatever the backend; given only to the launcher's passt
 * (`passt-socket`). bridge and passtBinding keep the pod IP in the guest, as KubeVirt's do; slirp
 * keeps its own 10.0.2.15.
 */
function guestAddressFor(
  entry: InterfaceEntry,
  found: FoundNetwork | undefined,
  network: PodNetworkInput,
): { guestAddress: GuestAddress } | Record<string, never> {
  const { iface } = entry;
  if (iface.bridge !== undefined || iface.passtBinding !== undefined) return {};
  const field = found === undefined ? 'spec.networks' : `${found.field}.pod.vmNetworkCIDR`;
  const guestAddress = masqueradeAddress(found?.network.pod?.vmNetworkCIDR, field);
  return network.backend === 'passt-socket' ? { guestAddress } : {};
}

function libvirtInterface(
  entry: InterfaceEntry,
  found: FoundNetwork | undefined,
  network: PodNetworkInput,
): LibvirtInterface {
  const { iface, field } = entry;
  const mac = checkedMac(iface.macAddress, `${field}.macAddress`);
  const bootOrder = checkBootOrder(iface.bootOrder, `${field}.bootOrder`);
  return {
    alias: userAlias(iface.name, `${field}.name`),
    backend: network.backend,
    ...passtSocketOf(network),
    model: checkedModel(iface.model, `${field}.model`),
    ...(mac === undefined ? {} : { mac }),
    ...(bootOrder === undefined ? {} : { bootOrder }),
    portForwards: portForwardsFor(entry, network),
    ...guestAddressFor(entry, found, network),
  };
}

/**
 * The guest's NIC on the pod network with user-mode networking (passt, or slirp when passt is
 * missing); masquerade, bridge and passtBinding all map to it, masquerade with the guest's fixed
 * address (see `masqueradeAddress`). Only the pod network is supported, with at most one
 * interface.
 */
export function podInterfacesFor(input: {
  devices: Devices;
  networks: readonly Network[];
  network: PodNetworkInput;
}): LibvirtInterface[] {
  const defaulted = (input.devices.interfaces ?? []).length === 0;
  const entries = interfaceEntries(input.devices, input.networks);
  const found = entries.map((entry, i) => {
    const podNetwork = checkPodNetwork(entry, input.networks, defaulted);
    if (i > 0) {
      throw new DomainConversionError(
        entry.field,
        'only one interface on the pod network is supported',
      );
    }
    return podNetwork;
  });
  return entries.map((entry, i) => libvirtInterface(entry, found[i], input.network));
}
