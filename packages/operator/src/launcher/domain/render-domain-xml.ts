import type { LibvirtCpu, LibvirtDomain, VcpuTopology } from './libvirt-domain.ts';
import {
  controllerElement,
  diskElement,
  graphicsElements,
  guestAgentElement,
  inputElement,
  memBalloonElement,
  serialElements,
} from './render-devices.ts';
import { interfaceElement, needsQemuNic, qemuNicArgs } from './render-nic.ts';
import { renderXml, type XmlElement } from './xml-writer.ts';

/** The namespace of libvirt's `<qemu:commandline>` extension. */
export const qemuNamespace = 'http://libvirt.org/schemas/domain/qemu/1.0';

function text(
  name: string,
  value: string | number,
  attributes?: XmlElement['attributes'],
): XmlElement {
  return { name, ...(attributes === undefined ? {} : { attributes }), children: [String(value)] };
}

function osElement(domain: LibvirtDomain): XmlElement {
  const kernel = domain.kernelBoot;
  return {
    name: 'os',
    children: [
      text('type', 'hvm', { arch: 'x86_64', machine: domain.machine }),
      kernel === undefined ? undefined : text('kernel', kernel.kernel),
      kernel?.initrd === undefined ? undefined : text('initrd', kernel.initrd),
      kernel?.cmdline === undefined ? undefined : text('cmdline', kernel.cmdline),
      domain.smbiosSerial === undefined
        ? undefined
        : { name: 'smbios', attributes: { mode: 'sysinfo' } },
    ],
  };
}

function sysinfoElement(domain: LibvirtDomain): XmlElement | undefined {
  if (domain.smbiosSerial === undefined) return undefined;
  const entry = text('entry', domain.smbiosSerial, { name: 'serial' });
  return {
    name: 'sysinfo',
    attributes: { type: 'smbios' },
    children: [{ name: 'system', children: [entry] }],
  };
}

function featuresElement(domain: LibvirtDomain): XmlElement {
  const { acpi, apic, smm } = domain.features;
  return {
    name: 'features',
    children: [
      acpi ? { name: 'acpi' } : undefined,
      apic ? { name: 'apic' } : undefined,
      smm === undefined ? undefined : { name: 'smm', attributes: { state: smm ? 'on' : 'off' } },
    ],
  };
}

function cpuElement(cpu: LibvirtCpu, vcpu: VcpuTopology): XmlElement {
  const topology: XmlElement = {
    name: 'topology',
    attributes: { sockets: vcpu.sockets, dies: 1, cores: vcpu.cores, threads: vcpu.threads },
  };
  if (cpu.mode !== 'custom')
    return { name: 'cpu', attributes: { mode: cpu.mode }, children: [topology] };
  return {
    name: 'cpu',
    attributes: { mode: 'custom', match: 'exact', check: 'none' },
    children: [text('model', cpu.model, { fallback: 'forbid' }), topology],
  };
}

function devicesElement(domain: LibvirtDomain): XmlElement {
  return {
    name: 'devices',
    children: [
      ...domain.disks.map(diskElement),
      ...domain.controllers.map(controllerElement),
      ...domain.interfaces.filter((nic) => !needsQemuNic(nic)).map(interfaceElement),
      ...serialElements(domain),
      guestAgentElement(domain.guestAgentSocket),
      ...domain.inputs.map(inputElement),
      ...graphicsElements(domain),
      memBalloonElement(domain.memBalloon),
      domain.panic ? { name: 'panic', attributes: { model: 'isa' } } : undefined,
    ],
  };
}

function qemuCommandline(domain: LibvirtDomain): XmlElement | undefined {
  const args = domain.interfaces.filter(needsQemuNic).flatMap(qemuNicArgs);
  if (args.length === 0) return undefined;
  return {
    name: 'qemu:commandline',
    children: args.map((value) => ({ name: 'qemu:arg', attributes: { value } })),
  };
}

/** The `<domain>` element tree of a domain model. */
export function domainElement(domain: LibvirtDomain): XmlElement {
  const commandline = qemuCommandline(domain);
  return {
    name: 'domain',
    attributes: {
      type: domain.type,
      'xmlns:qemu': commandline === undefined ? undefined : qemuNamespace,
    },
    children: [
      text('name', domain.name),
      domain.uuid === undefined ? undefined : text('uuid', domain.uuid),
      text('memory', domain.memoryKiB, { unit: 'KiB' }),
      text('vcpu', domain.vcpu.count, { placement: 'static' }),
      sysinfoElement(domain),
      osElement(domain),
      featuresElement(domain),
      cpuElement(domain.cpu, domain.vcpu),
      { name: 'clock', attributes: { offset: 'utc' } },
      text('on_poweroff', 'destroy'),
      text('on_reboot', 'restart'),
      text('on_crash', 'destroy'),
      devicesElement(domain),
      commandline,
    ],
  };
}

/**
 * Libvirt domain XML for a domain model, escaped and indented. A slirp NIC with port forwards
 * and a `passt-socket` NIC go through `<qemu:commandline>` (libvirt 9.0 cannot describe them). Throws an
 * XmlCharacterError if a value holds a character XML cannot carry.
 */
export function renderDomainXml(domain: LibvirtDomain): string {
  return renderXml(domainElement(domain));
}
