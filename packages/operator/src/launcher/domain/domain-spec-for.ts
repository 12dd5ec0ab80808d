import { isAbsolute } from 'node:path';
import type { DomainSpec, Firmware, VirtualMachineInstance } from '@podvisor/api';
import { controllersFor, graphicsFor, inputsFor, serialConsoleFor } from './console-devices.ts';
import { cpuFor, vcpuTopologyFor } from './domain-cpu.ts';
import { DomainConversionError } from './domain-conversion-error.ts';
import { disksFor } from './domain-disks.ts';
import type { DomainInput, LauncherPaths } from './domain-input.ts';
import { guestMemoryKiB } from './guest-memory.ts';
import { kernelBootFor } from './kernel-boot.ts';
import type {
  LibvirtDisk,
  LibvirtDomain,
  LibvirtFeatures,
  LibvirtInterface,
} from './libvirt-domain.ts';
import { machineTypeFor } from './machine-type.ts';
import { podInterfacesFor } from './pod-interface.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f]/;

/** `<namespace>_<name>`, KubeVirt's domain name. */
function domainName(vmi: VirtualMachineInstance): string {
  const { name, namespace } = vmi.metadata;
  if (name === undefined || name === '')
    throw new DomainConversionError('metadata.name', 'is required');
  if (namespace === undefined || namespace === '') {
    throw new DomainConversionError('metadata.namespace', 'is required');
  }
  return `${namespace}_${name}`;
}

/** `firmware.uuid`, else the VMI's uid (so the guest keeps one identity), else none (libvirt picks). */
function domainUuid(vmi: VirtualMachineInstance): { uuid: string } | Record<string, never> {
  const uuid = vmi.spec.domain.firmware?.uuid;
  if (uuid !== undefined && uuid !== '') {
    if (!uuidPattern.test(uuid)) {
      throw new DomainConversionError('spec.domain.firmware.uuid', `'${uuid}' is not a UUID`);
    }
    return { uuid: uuid.toLowerCase() };
  }
  const uid = vmi.metadata.uid;
  return uid !== undefined && uuidPattern.test(uid) ? { uuid: uid.toLowerCase() } : {};
}

function checkFirmware(
  firmware: Firmware | undefined,
): { smbiosSerial: string } | Record<string, never> {
  if (firmware?.bootloader?.efi !== undefined) {
    throw new DomainConversionError(
      'spec.domain.firmware.bootloader.efi',
      'EFI firmware is not supported; use bios',
    );
  }
  const serial = firmware?.serial;
  if (serial === undefined || serial === '') return {};
  if (controlCharacter.test(serial)) {
    throw new DomainConversionError(
      'spec.domain.firmware.serial',
      'must not contain control characters',
    );
  }
  return { smbiosSerial: serial };
}

/** ACPI is on unless `features.acpi.enabled` is false (ACPI shutdown needs it); APIC and SMM only when asked for. */
function featuresFor(domain: DomainSpec): LibvirtFeatures {
  const { acpi, apic, smm } = domain.features ?? {};
  return {
    acpi: acpi?.enabled !== false,
    apic: apic !== undefined && apic.enabled !== false,
    ...(smm === undefined ? {} : { smm: smm.enabled !== false }),
  };
}

function checkBootOrders(
  disks: readonly LibvirtDisk[],
  interfaces: readonly LibvirtInterface[],
): void {
  const seen = new Map<number, string>();
  for (const device of [...disks, ...interfaces]) {
    if (device.bootOrder === undefined) continue;
    const other = seen.get(device.bootOrder);
    if (other !== undefined) {
      throw new DomainConversionError(
        'spec.domain.devices',
        `boot order ${String(device.bootOrder)} is used by both '${other.slice(3)}' and '${device.alias.slice(3)}'`,
      );
    }
    seen.set(device.bootOrder, device.alias);
  }
}

function checkPaths(paths: LauncherPaths): void {
  for (const [key, path] of Object.entries(paths) as [string, string][]) {
    if (!isAbsolute(path)) {
      throw new DomainConversionError(`paths.${key}`, `'${path}' is not an absolute path`);
    }
  }
}

function devicesFor(input: DomainInput, paths: LauncherPaths) {
  const { spec } = input.vmi;
  const devices = spec.domain.devices;
  const plan = disksFor({
    disks: devices.disks ?? [],
    volumes: spec.volumes ?? [],
    resolved: input.disks,
  });
  const interfaces = podInterfacesFor({
    devices,
    networks: spec.networks ?? [],
    network: input.network,
  });
  checkBootOrders(plan.disks, interfaces);
  const graphics = graphicsFor(devices, paths);
  const inputs = inputsFor(devices, graphics !== undefined);
  const serialConsole = serialConsoleFor(devices, paths);
  return {
    plan,
    interfaces,
    inputs,
    controllers: controllersFor(plan.disks, inputs),
    ...(graphics === undefined ? {} : { graphics }),
    ...(serialConsole === undefined ? {} : { serialConsole }),
  };
}

/**
 * The libvirt domain for a VMI, as a plain model: name `<namespace>_<name>`, memory, vCPUs, a
 * versioned machine type, a fixed CPU model, direct kernel boot, disks, the pod NIC, serial
 * console, VNC+SPICE, guest-agent channel, panic device, and nothing libvirt would add by
 * default. Throws a DomainConversionError naming the field for anything it cannot convert.
 */
export function domainSpecFor(input: DomainInput): LibvirtDomain {
  const { vmi, accel, paths } = input;
  checkPaths(paths);
  const domain = vmi.spec.domain;
  const name = domainName(vmi);
  const { plan, ...devices } = devicesFor(input, paths);
  const kernelBoot = kernelBootFor({
    firmware: domain.firmware,
    volume: plan.kernelVolume,
    container: input.kernelBoot,
  });
  return {
    type: accel === 'kvm' ? 'kvm' : 'qemu',
    name,
    ...domainUuid(vmi),
    memoryKiB: guestMemoryKiB(domain),
    vcpu: vcpuTopologyFor(domain),
    cpu: cpuFor(domain, accel),
    machine: machineTypeFor(domain.machine?.type),
    ...(kernelBoot === undefined ? {} : { kernelBoot }),
    ...checkFirmware(domain.firmware),
    features: featuresFor(domain),
    disks: plan.disks,
    ...devices,
    guestAgentSocket: paths.guestAgentSocket,
    memBalloon: domain.devices.autoattachMemBalloon === true,
    panic: true,
  };
}
