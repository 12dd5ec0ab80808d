import { mkdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type {
  CloudInitConfigDriveSource,
  CloudInitNoCloudSource,
  ContainerDiskSource,
  EmptyDiskSource,
  HostDisk,
  PersistentVolumeClaimVolumeSource,
  VirtualMachineInstance,
  Volume,
} from '@podvisor/api';
import {
  DomainConversionError,
  parseQuantity,
  type ResolvedDisks,
  type ResolvedKernel,
  type ResolvedVolume,
} from '../domain/index.ts';
import { type CatalogEntry, resolveContainerDisk } from '../guest-images/image-catalog.ts';
import { type CloudInitIdentity, configDriveFiles, noCloudFiles } from './cloud-init-files.ts';
import {
  createIso,
  createOverlay,
  createQcow2,
  createRawFile,
  type DiskOwner,
  secureFile,
} from './disk-files.ts';
import { DiskPreparationError } from './disk-preparation-error.ts';

/** Inputs of `prepareDisks`. */
export interface PrepareDisksOptions {
  /** A defaulted VMI. */
  readonly vmi: VirtualMachineInstance;
  /** The data directory holding the containerDisk catalog (`DATA_DIR/images`). */
  readonly dataDir: string;
  /** The per-VM directory (absolute); created with mode 0700 if missing. */
  readonly vmDir: string;
  /** The directory of a PersistentVolumeClaim's files (its disk is `disk.img` there). */
  readonly pvcDir?: (claimName: string) => string;
  /** Owner of every file QEMU opens (the QEMU user); unchanged when absent. */
  readonly owner?: DiskOwner;
}

/** What the VMI's volumes resolved to, and the kernel to boot directly, if any. */
export interface PreparedDisks {
  readonly disks: ResolvedDisks;
  /**
   * `firmware.kernelBoot.container`'s kernel; else the boot files of the first containerDisk
   * image that carries them (a built disk without a bootloader, such as `podvisor.local/debian`).
   */
  readonly kernelBoot?: ResolvedKernel;
}

interface VolumeContext {
  readonly options: PrepareDisksOptions;
  readonly volume: Volume;
  /** `spec.volumes[i]`. */
  readonly field: string;
  readonly identity: CloudInitIdentity;
  /** Boot files of a containerDisk image that carries them (a built disk with no bootloader). */
  readonly bootKernels: ResolvedKernel[];
}

const volumeName = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function catalogEntry(image: string, dataDir: string, field: string): CatalogEntry {
  const resolved = resolveContainerDisk(image, dataDir);
  if (resolved.ok) return resolved.entry;
  throw new DiskPreparationError({ field, reason: resolved.reason, problem: resolved.message });
}

function kernelOf(entry: {
  kernel: string;
  initrd?: string | undefined;
  cmdline?: string | undefined;
}): ResolvedKernel {
  return {
    kind: 'kernel',
    kernel: entry.kernel,
    ...(entry.initrd === undefined ? {} : { initrd: entry.initrd }),
    ...(entry.cmdline === undefined ? {} : { cmdline: entry.cmdline }),
  };
}

async function containerDisk(
  context: VolumeContext,
  source: ContainerDiskSource,
): Promise<ResolvedVolume> {
  const field = `${context.field}.containerDisk.image`;
  const entry = catalogEntry(source.image, context.options.dataDir, field);
  if (entry.kind === 'kernel') return kernelOf(entry);
  if (entry.kernel !== undefined) {
    context.bootKernels.push(kernelOf({ ...entry, kernel: entry.kernel }));
  }
  const overlay = join(context.options.vmDir, `${context.volume.name}.qcow2`);
  await createOverlay({ base: entry.path, baseFormat: entry.format, overlay, field });
  await secureFile(overlay, context.options.owner);
  return { kind: 'file', path: overlay, format: 'qcow2' };
}

async function cloudInitIso(
  context: VolumeContext,
  kind: 'noCloud' | 'configDrive',
  source: CloudInitNoCloudSource | CloudInitConfigDriveSource,
): Promise<ResolvedVolume> {
  const field = `${context.field}.cloudInit${kind === 'noCloud' ? 'NoCloud' : 'ConfigDrive'}`;
  const files =
    kind === 'noCloud'
      ? noCloudFiles(source, context.identity, field)
      : configDriveFiles(source, context.identity, field);
  const path = join(context.options.vmDir, `${context.volume.name}.iso`);
  const volid = kind === 'noCloud' ? 'cidata' : 'config-2';
  await createIso({ path, volid, files, field });
  await secureFile(path, context.options.owner);
  return { kind: 'iso', path };
}

function bytesOf(value: string | number | undefined, field: string): number {
  if (value === undefined) {
    throw new DiskPreparationError({ field, reason: 'InvalidVolume', problem: 'is required' });
  }
  try {
    const bytes = parseQuantity(value, field);
    if (bytes > 0) return bytes;
  } catch (error) {
    if (!(error instanceof DomainConversionError)) throw error;
  }
  throw new DiskPreparationError({
    field,
    reason: 'InvalidVolume',
    problem: `'${String(value)}' is not a positive size (such as 1Gi)`,
  });
}

async function emptyDisk(context: VolumeContext, source: EmptyDiskSource): Promise<ResolvedVolume> {
  const field = `${context.field}.emptyDisk.capacity`;
  const path = join(context.options.vmDir, `${context.volume.name}.qcow2`);
  await createQcow2(path, bytesOf(source.capacity, field), field);
  await secureFile(path, context.options.owner);
  return { kind: 'file', path, format: 'qcow2' };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function hostDisk(context: VolumeContext, source: HostDisk): Promise<ResolvedVolume> {
  const field = `${context.field}.hostDisk`;
  if (!isAbsolute(source.path)) {
    throw new DiskPreparationError({
      field: `${field}.path`,
      reason: 'InvalidVolume',
      problem: `'${source.path}' is not an absolute path`,
    });
  }
  if (!(await exists(source.path))) {
    if (source.type !== 'DiskOrCreate') {
      throw new DiskPreparationError({
        field: `${field}.path`,
        reason: 'InvalidVolume',
        problem: `${source.path} does not exist (type Disk needs an existing image; DiskOrCreate creates one)`,
      });
    }
    await createRawFile(source.path, bytesOf(source.capacity, `${field}.capacity`));
  }
  await secureFile(source.path, context.options.owner);
  return { kind: 'file', path: source.path, format: 'raw' };
}

async function claimDisk(
  context: VolumeContext,
  claimName: string,
  field: string,
): Promise<string> {
  const { pvcDir } = context.options;
  if (pvcDir === undefined) {
    throw new DiskPreparationError({
      field,
      reason: 'Unsupported',
      problem: 'PersistentVolumeClaims are not available to this launcher',
    });
  }
  const path = join(pvcDir(claimName), 'disk.img');
  if (!(await exists(path))) {
    throw new DiskPreparationError({
      field,
      reason: 'InvalidVolume',
      problem: `claim '${claimName}' has no disk image (${path} is missing)`,
    });
  }
  return path;
}

async function persistentVolumeClaim(
  context: VolumeContext,
  source: PersistentVolumeClaimVolumeSource,
): Promise<ResolvedVolume> {
  const field = `${context.field}.persistentVolumeClaim.claimName`;
  const path = await claimDisk(context, source.claimName, field);
  if (source.readOnly === true) return { kind: 'file', path, format: 'raw', readonly: true };
  await secureFile(path, context.options.owner);
  return { kind: 'file', path, format: 'raw' };
}

async function ephemeral(context: VolumeContext, claimName: string): Promise<ResolvedVolume> {
  const field = `${context.field}.ephemeral.persistentVolumeClaim.claimName`;
  const base = await claimDisk(context, claimName, field);
  const overlay = join(context.options.vmDir, `${context.volume.name}.qcow2`);
  await createOverlay({ base, baseFormat: 'raw', overlay, field });
  await secureFile(overlay, context.options.owner);
  return { kind: 'file', path: overlay, format: 'qcow2' };
}

const unsupportedSources = ['configMap', 'secret', 'dataVolume'] as const;

/** Each supported source: its preparation, or undefined when the volume has another source. */
const preparers: readonly ((context: VolumeContext) => Promise<ResolvedVolume> | undefined)[] = [
  (c) => (c.volume.containerDisk ? containerDisk(c, c.volume.containerDisk) : undefined),
  (c) =>
    c.volume.cloudInitNoCloud ? cloudInitIso(c, 'noCloud', c.volume.cloudInitNoCloud) : undefined,
  (c) =>
    c.volume.cloudInitConfigDrive
      ? cloudInitIso(c, 'configDrive', c.volume.cloudInitConfigDrive)
      : undefined,
  (c) => (c.volume.emptyDisk ? emptyDisk(c, c.volume.emptyDisk) : undefined),
  (c) => (c.volume.hostDisk ? hostDisk(c, c.volume.hostDisk) : undefined),
  (c) =>
    c.volume.persistentVolumeClaim
      ? persistentVolumeClaim(c, c.volume.persistentVolumeClaim)
      : undefined,
  (c) => {
    const claim = c.volume.ephemeral?.persistentVolumeClaim?.claimName;
    return claim === undefined ? undefined : ephemeral(c, claim);
  },
];

/** Prepares one volume by its source. */
async function prepareVolume(context: VolumeContext): Promise<ResolvedVolume> {
  for (const prepare of preparers) {
    const prepared = prepare(context);
    if (prepared !== undefined) return prepared;
  }
  const unsupported = unsupportedSources.find((source) => context.volume[source] !== undefined);
  if (unsupported !== undefined) {
    throw new DiskPreparationError({
      field: `${context.field}.${unsupported}`,
      reason: 'Unsupported',
      problem: `${unsupported} volumes are not supported yet`,
    });
  }
  throw new DiskPreparationError({
    field: context.field,
    reason: 'InvalidVolume',
    problem: 'has no source',
  });
}

function identityOf(vmi: VirtualMachineInstance): CloudInitIdentity {
  const name = vmi.metadata.name ?? 'vm';
  const instanceId = vmi.metadata.uid ?? `${name}.${vmi.metadata.namespace ?? 'default'}`;
  return { instanceId, hostname: name };
}

function kernelBootOf(options: PrepareDisksOptions): ResolvedKernel | undefined {
  const image = options.vmi.spec.domain.firmware?.kernelBoot?.container?.image;
  if (image === undefined) return undefined;
  const field = 'spec.domain.firmware.kernelBoot.container.image';
  const entry = catalogEntry(image, options.dataDir, field);
  if (entry.kind !== 'kernel') {
    throw new DiskPreparationError({
      field,
      reason: 'InvalidVolume',
      problem: `${image} is a disk image, not a kernel and initramfs`,
    });
  }
  return kernelOf(entry);
}

function checkVolumeName(volume: Volume, field: string): void {
  if (!volumeName.test(volume.name)) {
    throw new DiskPreparationError({
      field: `${field}.name`,
      reason: 'InvalidVolume',
      problem: `'${volume.name}' is not a valid volume name (lowercase letters, digits, '-' and '.')`,
    });
  }
}

/**
 * Turns a VMI's volumes into files for QEMU, in `vmDir` (mode 0600, owned by `owner`):
 * containerDisk → the catalog's kernel, or a qcow2 overlay on its disk (writes are lost on
 * stop); cloudInitNoCloud/ConfigDrive → an ISO (`cidata`/`config-2`); emptyDisk → a sparse
 * qcow2; hostDisk → its path (DiskOrCreate creates a sparse raw file); persistentVolumeClaim →
 * `<pvcDir>/disk.img`; ephemeral → an overlay on it. Also resolves the kernel to boot (see
 * PreparedDisks). Any problem is a DiskPreparationError naming the field.
 */
export async function prepareDisks(options: PrepareDisksOptions): Promise<PreparedDisks> {
  if (!isAbsolute(options.vmDir)) {
    throw new DiskPreparationError({
      field: 'vmDir',
      reason: 'InvalidVolume',
      problem: `'${options.vmDir}' is not an absolute path`,
    });
  }
  const kernelBoot = kernelBootOf(options);
  await mkdir(options.vmDir, { recursive: true, mode: 0o700 });
  const identity = identityOf(options.vmi);
  const disks: Record<string, ResolvedVolume> = {};
  const bootKernels: ResolvedKernel[] = [];
  const volumes = options.vmi.spec.volumes ?? [];
  for (const [i, volume] of volumes.entries()) {
    const field = `spec.volumes[${String(i)}]`;
    checkVolumeName(volume, field);
    disks[volume.name] = await prepareVolume({ options, volume, field, identity, bootKernels });
  }
  const boot = kernelBoot ?? bootKernels[0];
  return boot === undefined ? { disks } : { disks, kernelBoot: boot };
}
