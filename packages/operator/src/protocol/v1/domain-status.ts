import type {
  VirtualMachineInstanceNetworkInterface,
  VirtualMachineInstanceStatus,
} from '@podvisor/api';
import { FieldReader } from './field-reader.ts';

/** libvirt's domain states (KubeVirt's `LifeCycle`), plus `Pending`: defined, not started yet. */
export const domainStates = [
  'Pending',
  'NoState',
  'Running',
  'Blocked',
  'Paused',
  'Shutdown',
  'Shutoff',
  'Crashed',
  'PMSuspended',
] as const;

/** The state of a domain. */
export type DomainState = (typeof domainStates)[number];

/** How the guest runs: hardware virtualization, or QEMU's software emulation. */
export type Accelerator = 'kvm' | 'tcg';

/** The guest operating system, as the guest agent reports it (the VMI's `status.guestOSInfo`). */
export type GuestOsInfo = NonNullable<VirtualMachineInstanceStatus['guestOSInfo']>;

/** What the launcher knows about its domain. */
export interface DomainStatus {
  /** The libvirt domain name, `<namespace>_<name>`. */
  name: string;
  uuid?: string;
  state: DomainState;
  /** libvirt's reason for the state (`Booted`, `Destroyed`, `Crashed`, `Panicked`, `User`...). */
  reason: string;
  accel: Accelerator;
  interfaces?: VirtualMachineInstanceNetworkInterface[];
  guestOsInfo?: GuestOsInfo;
}

const guestOsInfoFields = [
  'name',
  'prettyName',
  'version',
  'versionId',
  'id',
  'kernelRelease',
  'kernelVersion',
  'machine',
] as const;

const interfaceStringFields = [
  'name',
  'ipAddress',
  'mac',
  'interfaceName',
  'podInterfaceName',
  'infoSource',
  'linkState',
] as const;

/** Checks a guest OS description (every field an optional string). */
export function readGuestOsInfo(value: unknown, path: string): GuestOsInfo {
  const reader = FieldReader.of(value, path);
  for (const field of guestOsInfoFields) reader.optionalString(field);
  return value as GuestOsInfo;
}

/** Checks one guest network interface, shaped as in the VMI's `status.interfaces`. */
export function readNetworkInterface(
  value: unknown,
  path: string,
): VirtualMachineInstanceNetworkInterface {
  const reader = FieldReader.of(value, path);
  for (const field of interfaceStringFields) reader.optionalString(field);
  reader.optionalStringArray('ipAddresses');
  reader.optionalNumber('queueCount', { min: 0, integer: true });
  return value as VirtualMachineInstanceNetworkInterface;
}

/** Checks a {@link DomainStatus}; throws an `InvalidFieldError` naming the first bad field. */
export function readDomainStatus(value: unknown, path: string): DomainStatus {
  const reader = FieldReader.of(value, path);
  reader.string('name', { nonEmpty: true });
  reader.optionalString('uuid');
  reader.oneOf('state', domainStates);
  reader.string('reason');
  reader.oneOf('accel', ['kvm', 'tcg']);
  reader.optionalArray('interfaces', readNetworkInterface);
  if (reader.has('guestOsInfo'))
    readGuestOsInfo(reader.raw('guestOsInfo'), reader.pathOf('guestOsInfo'));
  return value as DomainStatus;
}

/** Checks a `DomainStatus` or `null` (no domain). */
export function readDomainStatusOrNull(value: unknown, path: string): DomainStatus | null {
  return value === null ? null : readDomainStatus(value, path);
}
