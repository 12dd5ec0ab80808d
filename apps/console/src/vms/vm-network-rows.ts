import type {
  Interface,
  Network,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceNetworkInterface,
} from '@podvisor/api';

/** The network an interface connects to: the pod network or a Multus network by name. */
export type VmNetworkAttachment =
  { readonly kind: 'pod' } | { readonly kind: 'multus'; readonly networkName: string };

/** One row of the Network tab: an interface joined with its network and its live status. */
export interface VmNetworkRow {
  /** The interface's name (for a guest-only interface, the guest's name for it). */
  readonly name: string;
  /**
   * `spec` for a declared interface, `default` for the pod interface KubeVirt adds to a VM that
   * declares none, `guest` for one the guest reports that the VM does not declare.
   */
  readonly origin: 'spec' | 'default' | 'guest';
  /** The NIC model; KubeVirt's default `virtio` when unset. */
  readonly model: string | undefined;
  /** `masquerade`, `bridge`, `passt`, `sriov` or a binding plugin's name. */
  readonly binding: string | undefined;
  /** `undefined` when no network has the interface's name. */
  readonly network: VmNetworkAttachment | undefined;
  /** The MAC set in the spec, else the one the guest reports. */
  readonly mac: string | undefined;
  /** Live: every IP address of the interface. */
  readonly ipAddresses: readonly string[];
  /** Live: the interface's name inside the guest (`eth0`, `enp1s0`). */
  readonly guestInterface: string | undefined;
  /** Live: `up` or `down`. */
  readonly linkState: string | undefined;
}

/** The name of the pod network and interface KubeVirt adds to a VM that declares none. */
const defaultNetworkName = 'default';

// Bindings the generated type does not list yet (SR-IOV, binding plugins) are read loosely.
type AnyInterface = Interface & {
  readonly sriov?: object;
  readonly binding?: { readonly name?: string };
};

/** The binding of an interface as KubeVirt defaults it: masquerade on the pod network, else bridge. */
function bindingOf(iface: AnyInterface, network: Network | undefined): string | undefined {
  if (iface.masquerade !== undefined) return 'masquerade';
  if (iface.bridge !== undefined) return 'bridge';
  if (iface.passtBinding !== undefined) return 'passt';
  if (iface.sriov !== undefined) return 'sriov';
  if (iface.binding?.name !== undefined) return iface.binding.name;
  if (network === undefined) return undefined;
  return network.pod === undefined ? 'bridge' : 'masquerade';
}

function attachmentOf(network: Network | undefined): VmNetworkAttachment | undefined {
  if (network?.pod !== undefined) return { kind: 'pod' };
  if (network?.multus !== undefined)
    return { kind: 'multus', networkName: network.multus.networkName };
  return undefined;
}

/** Every address of a status entry: `ipAddresses`, with `ipAddress` first when it is not listed. */
export function interfaceAddresses(
  status: VirtualMachineInstanceNetworkInterface | undefined,
): string[] {
  const all = [...(status?.ipAddresses ?? [])];
  const primary = status?.ipAddress;
  if (primary !== undefined && primary !== '' && !all.includes(primary)) all.unshift(primary);
  return all.filter((address) => address !== '');
}

function liveFields(
  status: VirtualMachineInstanceNetworkInterface | undefined,
): Pick<VmNetworkRow, 'ipAddresses' | 'guestInterface' | 'linkState'> {
  return {
    ipAddresses: interfaceAddresses(status),
    guestInterface: status?.interfaceName,
    linkState: status?.linkState,
  };
}

function guestOnlyRow(status: VirtualMachineInstanceNetworkInterface): VmNetworkRow {
  return {
    name: status.name ?? status.interfaceName ?? '-',
    origin: 'guest',
    model: undefined,
    binding: undefined,
    network: undefined,
    mac: status.mac,
    ...liveFields(status),
  };
}

/** The template's interfaces and networks; without either, the pod network KubeVirt adds. */
function effectiveInterfaces(vm: VirtualMachine): {
  interfaces: readonly AnyInterface[];
  networks: ReadonlyMap<string, Network>;
  origin: 'spec' | 'default';
} {
  const spec = vm.spec.template.spec;
  const declared: readonly AnyInterface[] = spec?.domain.devices.interfaces ?? [];
  const networks = spec?.networks ?? [];
  const autoattach = spec?.domain.devices.autoattachPodInterface !== false;
  if (declared.length === 0 && networks.length === 0 && autoattach) {
    return {
      interfaces: [{ name: defaultNetworkName, masquerade: {} }],
      networks: new Map([[defaultNetworkName, { name: defaultNetworkName, pod: {} }]]),
      origin: 'default',
    };
  }
  return {
    interfaces: declared,
    networks: new Map(networks.map((network) => [network.name, network])),
    origin: 'spec',
  };
}

/**
 * The Network tab's rows: each interface of the VM's template joined by name with its network and
 * (while the VMI runs) its status entry, then the interfaces the guest reports that the VM does
 * not declare (a guest agent lists every NIC, named or not). Model and binding are shown as
 * KubeVirt defaults them; a VM without interfaces or networks gets KubeVirt's `default` pod
 * interface (unless `autoattachPodInterface` is false).
 */
export function vmNetworkRows(
  vm: VirtualMachine,
  vmi: VirtualMachineInstance | undefined,
): VmNetworkRow[] {
  const { interfaces, networks, origin } = effectiveInterfaces(vm);
  const statuses = vmi?.status?.interfaces ?? [];
  const rows = interfaces.map((iface): VmNetworkRow => {
    const network = networks.get(iface.name);
    const status = statuses.find((entry) => entry.name === iface.name);
    return {
      name: iface.name,
      origin,
      model: iface.model ?? 'virtio',
      binding: bindingOf(iface, network),
      network: attachmentOf(network),
      mac: iface.macAddress ?? status?.mac,
      ...liveFields(status),
    };
  });
  const declared = new Set(interfaces.map((iface) => iface.name));
  const extra = statuses.filter((entry) => entry.name === undefined || !declared.has(entry.name));
  return [...rows, ...extra.map(guestOnlyRow)];
}
