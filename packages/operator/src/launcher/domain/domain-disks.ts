import type { Disk, Volume } from '@podvisor/api';
import { checkBootOrder, diskLetters, userAlias } from './device-names.ts';
import { DomainConversionError } from './domain-conversion-error.ts';
import { isOneOf } from './is-one-of.ts';
import type { ResolvedDisks, ResolvedKernel, ResolvedVolume } from './domain-input.ts';
import type { DiskBus, LibvirtDisk } from './libvirt-domain.ts';

/** The disks of a domain, and the volume that resolved to a kernel, if one did. */
export interface DiskPlan {
  readonly disks: readonly LibvirtDisk[];
  readonly kernelVolume?: { readonly field: string; readonly kernel: ResolvedKernel };
}

interface DiskEntry {
  readonly disk: Disk;
  readonly field: string;
}

const buses = ['virtio', 'sata', 'scsi', 'usb'] as const;
const caches = ['none', 'writethrough', 'writeback'] as const;
const ios = ['native', 'threads'] as const;
const diskSerial = /^[A-Za-z0-9_.+\- ]+$/;

/** Spec disks, then a default disk for each volume no disk names (as KubeVirt's defaulting adds). */
function diskEntries(disks: readonly Disk[], volumes: readonly Volume[]): DiskEntry[] {
  const entries = disks.map((disk, i) => ({
    disk,
    field: `spec.domain.devices.disks[${String(i)}]`,
  }));
  const named = new Set(disks.map((disk) => disk.name));
  volumes.forEach((volume, i) => {
    if (!named.has(volume.name))
      entries.push({ disk: { name: volume.name }, field: `spec.volumes[${String(i)}]` });
  });
  return entries;
}

function resolvedVolume(
  entry: DiskEntry,
  volumes: readonly Volume[],
  resolved: ResolvedDisks,
): ResolvedVolume {
  const name = entry.disk.name;
  if (!volumes.some((volume) => volume.name === name)) {
    throw new DomainConversionError(`${entry.field}.name`, `'${name}' not found.`);
  }
  const volume = Object.hasOwn(resolved, name) ? resolved[name] : undefined;
  if (volume === undefined) {
    throw new DomainConversionError(
      `${entry.field}.name`,
      `volume '${name}' was not prepared on disk`,
    );
  }
  return volume;
}

function checkedBus(bus: string | undefined, fallback: DiskBus, field: string): DiskBus {
  if (bus === undefined || bus === '') return fallback;
  if (!isOneOf(bus, buses)) {
    throw new DomainConversionError(
      field,
      `bus '${bus}' is not supported; use virtio, sata, scsi or usb`,
    );
  }
  return bus;
}

function diskTarget(entry: DiskEntry): {
  device: 'disk' | 'cdrom';
  bus: DiskBus;
  readonly: boolean;
} {
  const { disk, field } = entry;
  if (disk.lun !== undefined) {
    throw new DomainConversionError(
      `${field}.lun`,
      'LUN disks are not supported; use disk or cdrom',
    );
  }
  if (disk.cdrom !== undefined) {
    const bus = checkedBus(disk.cdrom.bus, 'sata', `${field}.cdrom.bus`);
    if (bus === 'virtio') {
      throw new DomainConversionError(
        `${field}.cdrom.bus`,
        'bus virtio is invalid for a CD-ROM; use sata or scsi',
      );
    }
    return { device: 'cdrom', bus, readonly: true };
  }
  const bus = checkedBus(disk.disk?.bus, 'virtio', `${field}.disk.bus`);
  return { device: 'disk', bus, readonly: disk.disk?.readonly === true };
}

function oneOf(
  value: string | undefined,
  allowed: readonly string[],
  field: string,
): string | undefined {
  if (value === undefined || value === '' || value === 'default') return undefined;
  if (!allowed.includes(value)) {
    throw new DomainConversionError(
      field,
      `'${value}' is not supported; use ${allowed.join(', ')}`,
    );
  }
  return value;
}

function checkedSerial(serial: string | undefined, field: string): string | undefined {
  if (serial === undefined || serial === '') return undefined;
  if (!diskSerial.test(serial)) {
    throw new DomainConversionError(
      field,
      `'${serial}' may only contain letters, digits, space and _ . + -`,
    );
  }
  return serial;
}

interface DiskBuild {
  readonly entry: DiskEntry;
  readonly volume: Exclude<ResolvedVolume, ResolvedKernel>;
  readonly target: string;
}

function libvirtDisk(
  { entry, volume, target }: DiskBuild,
  spec: ReturnType<typeof diskTarget>,
): LibvirtDisk {
  const { disk, field } = entry;
  const bootOrder = checkBootOrder(disk.bootOrder, `${field}.bootOrder`);
  const serial = checkedSerial(disk.serial, `${field}.serial`);
  const cache = oneOf(disk.cache, caches, `${field}.cache`);
  const io = oneOf(disk.io, ios, `${field}.io`);
  if (io === 'native' && cache !== 'none') {
    throw new DomainConversionError(`${field}.io`, "native I/O needs cache 'none'");
  }
  return {
    alias: userAlias(disk.name, `${field}.name`),
    device: spec.device,
    source: volume.path,
    format: volume.kind === 'iso' ? 'raw' : volume.format,
    target,
    bus: spec.bus,
    readonly: spec.readonly || (volume.kind === 'file' && volume.readonly === true),
    ...(bootOrder === undefined ? {} : { bootOrder }),
    ...(serial === undefined ? {} : { serial }),
    ...(cache === undefined ? {} : { cache }),
    ...(io === undefined ? {} : { io }),
  };
}

function checkUniqueNames(disks: readonly Disk[]): void {
  const seen = new Set<string>();
  disks.forEach((disk, i) => {
    if (seen.has(disk.name)) {
      throw new DomainConversionError(
        `spec.domain.devices.disks[${String(i)}].name`,
        `'${disk.name}' is used by another disk`,
      );
    }
    seen.add(disk.name);
  });
}

/**
 * The domain's disks, in spec order: each disk's volume must be in `spec.volumes` and resolved
 * by the launcher. A volume that resolved to a kernel becomes no disk but the kernel to boot
 * (at most one). Virtio disks are named vda, vdb…; sata, scsi and usb share sda, sdb….
 */
export function disksFor(input: {
  disks: readonly Disk[];
  volumes: readonly Volume[];
  resolved: ResolvedDisks;
}): DiskPlan {
  checkUniqueNames(input.disks);
  const counters = new Map<string, number>();
  const disks: LibvirtDisk[] = [];
  let kernelVolume: DiskPlan['kernelVolume'];
  for (const entry of diskEntries(input.disks, input.volumes)) {
    const volume = resolvedVolume(entry, input.volumes, input.resolved);
    if (volume.kind === 'kernel') {
      if (kernelVolume !== undefined) {
        throw new DomainConversionError(
          `${entry.field}.name`,
          `'${entry.disk.name}' is a second kernel image; only one volume can boot a kernel`,
        );
      }
      kernelVolume = { field: `${entry.field}.name`, kernel: volume };
      continue;
    }
    const spec = diskTarget(entry);
    const prefix = spec.bus === 'virtio' ? 'vd' : 'sd';
    const index = counters.get(prefix) ?? 0;
    counters.set(prefix, index + 1);
    disks.push(libvirtDisk({ entry, volume, target: `${prefix}${diskLetters(index)}` }, spec));
  }
  return kernelVolume === undefined ? { disks } : { disks, kernelVolume };
}
