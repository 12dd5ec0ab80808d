import { duplicateNameErrors } from './duplicate-name-errors.ts';
import { type FieldError, fieldError, fieldPath } from './field-error.ts';
import type { LooseInterface, LooseNetwork, LooseVmiSpec } from './loose.ts';
import { validatePorts } from './validate-ports.ts';
import { vmNetworkAddresses } from './vm-network-cidr.ts';

const interfaceNamePattern = /^[A-Za-z0-9_-]+$/;
const bindings = ['masquerade', 'bridge', 'passtBinding'] as const;
const interfaceModels: readonly string[] = [
  'e1000',
  'e1000e',
  'ne2k_pci',
  'pcnet',
  'rtl8139',
  'virtio',
];
const macPattern = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/;

function present(value: unknown): boolean {
  return value != null;
}

/** The names of the bindings an interface sets. */
export function interfaceBindings(iface: LooseInterface): string[] {
  const record = iface as Record<string, unknown>;
  return bindings.filter((binding) => present(record[binding]));
}

function validateNetworkSource(base: string, network: LooseNetwork): FieldError[] {
  if (!present(network.pod))
    return [fieldError('FieldValueRequired', base, 'should have a network type')];
  const cidr = network.pod?.vmNetworkCIDR;
  if (cidr === undefined) return [];
  const addresses = vmNetworkAddresses(cidr);
  if (!('problem' in addresses)) return [];
  const field = fieldPath(fieldPath(base, 'pod'), 'vmNetworkCIDR');
  return [fieldError('FieldValueInvalid', field, `${field} ${addresses.problem}`)];
}

function validateNetworks(base: string, spec: LooseVmiSpec): FieldError[] {
  const field = fieldPath(base, 'networks');
  const networks = spec.networks ?? [];
  const interfaces = new Set((spec.domain?.devices?.interfaces ?? []).map((i) => i.name));
  let podNetworks = 0;
  const errors = networks.flatMap((network, i) => {
    const item = fieldPath(field, i);
    const found: FieldError[] = validateNetworkSource(item, network);
    if (present(network.pod) && ++podNetworks > 1) {
      const message = `more than one interface is connected to a pod network in ${field}`;
      found.push(fieldError('FieldValueDuplicate', item, message));
    }
    if (!interfaces.has(network.name)) {
      const name = fieldPath(item, 'name');
      found.push(
        fieldError('FieldValueRequired', name, `${name} '${network.name ?? ''}' not found.`),
      );
    }
    return found;
  });
  const duplicate = (_: number, __: number, name: string): string =>
    `Network with name "${name}" already exists, every network must have a unique name`;
  return [
    ...errors,
    ...duplicateNameErrors(
      field,
      networks.map((n) => n.name),
      duplicate,
    ),
  ];
}

interface InterfaceContext {
  base: string;
  iface: LooseInterface;
  network: LooseNetwork | undefined;
}

function validateInterfaceName({ base, iface, network }: InterfaceContext): FieldError[] {
  const field = fieldPath(base, 'name');
  const name = iface.name ?? '';
  if (!interfaceNamePattern.test(name)) {
    const message =
      'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)';
    return [fieldError('FieldValueInvalid', field, message)];
  }
  if (network === undefined)
    return [fieldError('FieldValueInvalid', field, `${field} '${name}' not found.`)];
  return [];
}

function validateBinding({ base, iface }: InterfaceContext): FieldError[] {
  const set = interfaceBindings(iface);
  if (set.length === 1) return [];
  const message = `${base} must have exactly one binding method set (masquerade, bridge or passtBinding)`;
  const type = set.length === 0 ? 'FieldValueRequired' : 'FieldValueInvalid';
  return [fieldError(type, base, message)];
}

function validateModelAndMac({ base, iface }: InterfaceContext): FieldError[] {
  const errors: FieldError[] = [];
  const name = fieldPath(base, 'name');
  if (iface.model !== undefined && iface.model !== '' && !interfaceModels.includes(iface.model)) {
    const message = `interface ${name} uses model ${iface.model} that is not supported.`;
    errors.push(fieldError('FieldValueNotSupported', fieldPath(base, 'model'), message));
  }
  const mac = iface.macAddress;
  if (mac !== undefined && mac !== '' && !macPattern.test(mac)) {
    const message = `interface ${name} has malformed MAC address (${mac}).`;
    errors.push(fieldError('FieldValueInvalid', fieldPath(base, 'macAddress'), message));
  }
  return errors;
}

function validateInterfaces(base: string, spec: LooseVmiSpec): FieldError[] {
  const field = fieldPath(base, 'domain', 'devices', 'interfaces');
  const interfaces = spec.domain?.devices?.interfaces ?? [];
  const networks = new Map<string | undefined, LooseNetwork>();
  for (const network of spec.networks ?? [])
    if (!networks.has(network.name)) networks.set(network.name, network);
  const errors = interfaces.flatMap((iface, i) => {
    const context: InterfaceContext = {
      base: fieldPath(field, i),
      iface,
      network: networks.get(iface.name),
    };
    return [
      ...validateInterfaceName(context),
      ...validateBinding(context),
      ...validateModelAndMac(context),
      ...validatePorts(fieldPath(context.base, 'ports'), iface.ports ?? []),
    ];
  });
  const duplicate = (): string => 'Only one interface can be connected to one specific network';
  return [
    ...errors,
    ...duplicateNameErrors(
      field,
      interfaces.map((i) => i.name),
      duplicate,
    ),
  ];
}

/**
 * Validates `networks` and `domain.devices.interfaces`: a source for each network, at most one pod
 * network, unique names, every interface bound to a network and vice versa, exactly one binding,
 * model, MAC address and ports.
 */
export function validateNetworking(base: string, spec: LooseVmiSpec): FieldError[] {
  return [...validateNetworks(base, spec), ...validateInterfaces(base, spec)];
}
