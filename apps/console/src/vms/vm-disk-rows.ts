import type { Disk, VirtualMachine, VirtualMachineInstance, Volume } from '@podvisor/api';

/** How a disk is attached: KubeVirt's disk targets (a volume without a disk becomes a `disk`). */
export type VmDiskType = 'disk' | 'cdrom' | 'lun';

/** Where a volume's data comes from: the volume source's field name and its key detail. */
export interface VmVolumeSource {
  /** The source's field name: `containerDisk`, `dataVolume`, `persistentVolumeClaim`, … */
  readonly kind: string;
  /** The image, claim, capacity, path or object it names (`undefined` when it names nothing). */
  readonly detail: string | undefined;
}

/** One row of the Disks tab: a disk joined with its volume and, while the VMI runs, its status. */
export interface VmDiskRow {
  readonly name: string;
  readonly type: VmDiskType;
  /** `default` for a volume without a disk, which KubeVirt attaches as a virtio `disk`. */
  readonly origin: 'spec' | 'default';
  /** The bus, KubeVirt's default when unset: virtio for disk and lun, sata for cdrom. */
  readonly bus: string;
  readonly bootOrder: number | undefined;
  readonly readOnly: boolean;
  /** `undefined` when no volume has the disk's name. */
  readonly source: VmVolumeSource | undefined;
  /** Live: the device name in the guest (`vda`, `sda`), from `vmi.status.volumeStatus`. */
  readonly target: string | undefined;
  /** Live: the volume's phase (hot-plugged volumes) and its reason or message. */
  readonly phase: string | undefined;
  readonly reason: string | undefined;
  /** Live: the volume's size in bytes. */
  readonly size: number | undefined;
}

type VolumeStatus = NonNullable<
  NonNullable<VirtualMachineInstance['status']>['volumeStatus']
>[number];

function quantity(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

function cloudInitDetail(source: {
  readonly secretRef?: { readonly name?: string };
  readonly userData?: string;
  readonly userDataBase64?: string;
}): string | undefined {
  if (source.secretRef?.name !== undefined) return `user data from secret ${source.secretRef.name}`;
  if (source.userData !== undefined || source.userDataBase64 !== undefined)
    return 'inline user data';
  return undefined;
}

type SourceReader = (volume: Volume) => string | undefined;

// The volume sources KubeVirt defines, in its order, each with the detail that identifies it.
const sourceReaders: readonly (readonly [keyof Volume, SourceReader])[] = [
  ['containerDisk', (volume) => volume.containerDisk?.image],
  ['dataVolume', (volume) => volume.dataVolume?.name],
  ['persistentVolumeClaim', (volume) => volume.persistentVolumeClaim?.claimName],
  ['ephemeral', (volume) => volume.ephemeral?.persistentVolumeClaim?.claimName],
  ['emptyDisk', (volume) => quantity(volume.emptyDisk?.capacity)],
  [
    'hostDisk',
    (volume) => {
      const disk = volume.hostDisk;
      if (disk === undefined) return undefined;
      return disk.capacity === undefined ? disk.path : `${disk.path} (${String(disk.capacity)})`;
    },
  ],
  ['cloudInitNoCloud', (volume) => cloudInitDetail(volume.cloudInitNoCloud ?? {})],
  ['cloudInitConfigDrive', (volume) => cloudInitDetail(volume.cloudInitConfigDrive ?? {})],
  ['configMap', (volume) => volume.configMap?.name],
  ['secret', (volume) => volume.secret?.secretName],
];

/** The source of `volume`: the first source field it sets, with its key detail. */
export function volumeSource(volume: Volume): VmVolumeSource {
  for (const [kind, read] of sourceReaders) {
    if (volume[kind] !== undefined) return { kind, detail: read(volume) };
  }
  // A source this console does not know (sysprep, downwardAPI, …): name it, without detail.
  const other = Object.keys(volume).find((key) => key !== 'name');
  return { kind: other ?? 'unknown', detail: undefined };
}

const defaultBus: Readonly<Record<VmDiskType, string>> = {
  disk: 'virtio',
  lun: 'virtio',
  cdrom: 'sata',
};

function diskTarget(disk: Disk): {
  type: VmDiskType;
  bus: string | undefined;
  readOnly: boolean;
} {
  if (disk.cdrom !== undefined)
    return { type: 'cdrom', bus: disk.cdrom.bus, readOnly: disk.cdrom.readonly ?? true };
  if (disk.lun !== undefined)
    return { type: 'lun', bus: disk.lun.bus, readOnly: disk.lun.readonly ?? false };
  return { type: 'disk', bus: disk.disk?.bus, readOnly: disk.disk?.readonly ?? false };
}

function liveFields(
  status: VolumeStatus | undefined,
): Pick<VmDiskRow, 'target' | 'phase' | 'reason' | 'size'> {
  return {
    target: status?.target === '' ? undefined : status?.target,
    phase: status?.phase,
    reason: status?.reason ?? status?.message,
    size: status?.size,
  };
}

/**
 * The Disks tab's rows: each disk of the VM's template joined by name with its volume (and, while
 * the VMI runs, the volume's status), then each volume that no disk names. Buses are shown as
 * KubeVirt defaults them.
 */
export function vmDiskRows(
  vm: VirtualMachine,
  vmi: VirtualMachineInstance | undefined,
): VmDiskRow[] {
  const spec = vm.spec.template.spec;
  const disks = spec?.domain.devices.disks ?? [];
  const volumes = new Map((spec?.volumes ?? []).map((volume) => [volume.name, volume]));
  const statuses = new Map((vmi?.status?.volumeStatus ?? []).map((entry) => [entry.name, entry]));
  const rows: VmDiskRow[] = disks.map((disk) => {
    const { type, bus, readOnly } = diskTarget(disk);
    const volume = volumes.get(disk.name);
    return {
      name: disk.name,
      type,
      origin: 'spec',
      bus: bus ?? defaultBus[type],
      bootOrder: disk.bootOrder,
      readOnly,
      source: volume === undefined ? undefined : volumeSource(volume),
      ...liveFields(statuses.get(disk.name)),
    };
  });
  const named = new Set(disks.map((disk) => disk.name));
  for (const volume of volumes.values()) {
    if (named.has(volume.name)) continue;
    rows.push({
      name: volume.name,
      type: 'disk',
      origin: 'default',
      bus: defaultBus.disk,
      bootOrder: undefined,
      readOnly: false,
      source: volumeSource(volume),
      ...liveFields(statuses.get(volume.name)),
    });
  }
  return rows;
}

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** A byte count in binary units, one decimal when below 10 (`512 B`, `1.5 GiB`, `20 GiB`). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? String(Math.round(value)) : value.toFixed(1);
  return `${shown.replace(/\.0$/, '')} ${byteUnits[unit] ?? 'B'}`;
}
