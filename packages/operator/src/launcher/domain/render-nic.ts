import { isIP } from 'node:net';
import { DomainConversionError } from './domain-conversion-error.ts';
import type { LibvirtInterface, PortForward } from './libvirt-domain.ts';
import { portRanges } from './port-ranges.ts';
import { alias, boot } from './render-devices.ts';
import type { XmlElement } from './xml-writer.ts';

/** QEMU device drivers of the NIC models (for NICs given to QEMU directly). */
const nicDrivers: Readonly<Record<string, string>> = { virtio: 'virtio-net-pci' };

function portForwardElement(forward: PortForward): XmlElement {
  return {
    name: 'portForward',
    attributes: { proto: forward.proto, address: forward.address },
    children: portRanges(forward.ports).map((range) => ({
      name: 'range',
      attributes: { start: range.start, end: range.end },
    })),
  };
}

/** Whether the NIC is given to QEMU on its command line rather than as an `<interface>`. */
export function needsQemuNic(nic: LibvirtInterface): boolean {
  return nic.backend === 'passt-socket' || (nic.backend === 'slirp' && nic.portForwards.length > 0);
}

/** `<interface type='user'>`: libvirt-run passt with its port forwards, or slirp without forwards. */
export function interfaceElement(nic: LibvirtInterface): XmlElement {
  const passt = nic.backend === 'passt';
  return {
    name: 'interface',
    attributes: { type: 'user' },
    children: [
      nic.mac === undefined ? undefined : { name: 'mac', attributes: { address: nic.mac } },
      ...(passt ? nic.portForwards.map(portForwardElement) : []),
      { name: 'model', attributes: { type: nic.model } },
      passt ? { name: 'backend', attributes: { type: 'passt' } } : undefined,
      nic.bootOrder === undefined
        ? { name: 'rom', attributes: { enabled: 'no' } }
        : boot(nic.bootOrder),
      alias(nic.alias),
    ],
  };
}

/** A value inside a QEMU `key=value,…` option: commas doubled. */
function optionValue(value: string): string {
  return value.replace(/,/g, ',,');
}

function hostForward(forward: PortForward, port: number): string {
  if (forward.address !== undefined && isIP(forward.address) === 6) {
    throw new DomainConversionError(
      'podIP',
      'slirp cannot forward ports from an IPv6 address; use passt',
    );
  }
  return `hostfwd=${forward.proto}:${forward.address ?? ''}:${String(port)}-:${String(port)}`;
}

function netdevArg(nic: LibvirtInterface): string {
  if (nic.backend === 'passt-socket') {
    const path = optionValue(nic.passtSocket ?? '');
    return `stream,id=${nic.alias},server=off,addr.type=unix,addr.path=${path}`;
  }
  const forwards = nic.portForwards.flatMap((forward) =>
    forward.ports.map((port) => hostForward(forward, port)),
  );
  return ['user', `id=${nic.alias}`, ...forwards].join(',');
}

/**
 * QEMU arguments (`-netdev` and a JSON `-device`) for a NIC libvirt 9.0 cannot describe: slirp
 * with `hostfwd` port forwards, or a stream netdev to a passt the launcher runs.
 */
export function qemuNicArgs(nic: LibvirtInterface): string[] {
  const device = {
    driver: nicDrivers[nic.model] ?? nic.model,
    netdev: nic.alias,
    id: `${nic.alias}-nic`,
    ...(nic.mac === undefined ? {} : { mac: nic.mac }),
    ...(nic.bootOrder === undefined ? { romfile: '' } : { bootindex: nic.bootOrder }),
  };
  return ['-netdev', netdevArg(nic), '-device', JSON.stringify(device)];
}

function portSpec(forward: PortForward): string {
  const ports =
    forward.ports.length === 0
      ? 'all'
      : portRanges(forward.ports)
          .map((range) =>
            range.end === undefined
              ? String(range.start)
              : `${String(range.start)}-${String(range.end)}`,
          )
          .join(',');
  return forward.address === undefined ? ports : `${forward.address}/${ports}`;
}

/**
 * passt's port-forward options for a NIC (`--tcp-ports 10.0.0.7/80-81 --udp-ports …`), as
 * libvirt would pass them; for the launcher that runs passt itself (`passt-socket`).
 */
export function passtPortArgs(nic: LibvirtInterface): string[] {
  return nic.portForwards.flatMap((forward) => [
    forward.proto === 'tcp' ? '--tcp-ports' : '--udp-ports',
    portSpec(forward),
  ]);
}
