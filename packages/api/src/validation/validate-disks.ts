import { duplicateNameErrors, sameNameMessage } from './duplicate-name-errors.ts';
import { type FieldError, fieldError, fieldPath } from './field-error.ts';
import type { LooseDisk, LooseVolume } from './loose.ts';
import { dns1123LabelErrors } from './name-errors.ts';

const diskTargets = ['disk', 'lun', 'cdrom'] as const;
type DiskTarget = (typeof diskTargets)[number];
const supportedBuses: readonly string[] = ['virtio', 'scsi', 'sata', 'usb'];

interface DiskContext {
  base: string;
  disk: LooseDisk;
  volumes: ReadonlyMap<string, LooseVolume>;
}

function present(value: unknown): boolean {
  return value != null;
}

function targetOf(disk: LooseDisk): DiskTarget | undefined {
  const record = disk as Record<string, unknown>;
  return diskTargets.find((target) => record[target] != null);
}

function validateName({ base, disk }: DiskContext): FieldError[] {
  const field = fieldPath(base, 'name');
  return dns1123LabelErrors(disk.name ?? '').map((m) => fieldError('FieldValueInvalid', field, m));
}

function validateTargetCount({ base, disk }: DiskContext): FieldError[] {
  const record = disk as Record<string, unknown>;
  const count = diskTargets.filter((t) => record[t] != null).length;
  if (count <= 1) return [];
  const message = `${base} can only have a single target type defined`;
  return [fieldError('FieldValueInvalid', base, message)];
}

function validateVolumeExists({ base, disk, volumes }: DiskContext): FieldError[] {
  const name = disk.name ?? '';
  const field = fieldPath(base, 'name');
  const volume = volumes.get(name);
  if (volume === undefined) {
    return [fieldError('FieldValueInvalid', field, `${field} '${name}' not found.`)];
  }
  const source = volume as Record<string, unknown>;
  if (
    targetOf(disk) === 'lun' &&
    !present(source.persistentVolumeClaim) &&
    !present(source.dataVolume)
  ) {
    const lun = fieldPath(base, 'lun');
    const message = `${lun} can only be mapped to a DataVolume or PersistentVolumeClaim volume.`;
    return [fieldError('FieldValueInvalid', lun, message)];
  }
  return [];
}

function busError(context: DiskContext, target: DiskTarget, bus: string): FieldError | undefined {
  const field = fieldPath(context.base, target, 'bus');
  if (bus === 'ide') return fieldError('FieldValueInvalid', field, 'IDE bus is not supported');
  if (!supportedBuses.includes(bus)) {
    const message = `${context.base} is set with an unrecognized bus ${bus}, must be one of: [${supportedBuses.join(' ')}]`;
    return fieldError('FieldValueNotSupported', field, message);
  }
  if (target === 'cdrom' && bus === 'virtio') {
    return fieldError('FieldValueInvalid', field, `Bus type ${bus} is invalid for CD-ROM device`);
  }
  const readOnly = (context.disk.disk as { readonly?: unknown } | undefined)?.readonly === true;
  if (target === 'disk' && bus === 'sata' && readOnly) {
    return fieldError('FieldValueInvalid', field, `${bus} hard-disks do not support read-only.`);
  }
  return undefined;
}

function validateBus(context: DiskContext): FieldError[] {
  const target = targetOf(context.disk);
  if (target === undefined) return [];
  const bus: unknown = (context.disk[target] as { bus?: unknown } | undefined)?.bus;
  if (typeof bus !== 'string' || bus === '') return [];
  const error = busError(context, target, bus);
  return error === undefined ? [] : [error];
}

function validateBootOrder({ base, disk }: DiskContext): FieldError[] {
  const order = disk.bootOrder;
  if (order === undefined || (typeof order === 'number' && order >= 1)) return [];
  const message = `${base} must have a boot order > 0, if supplied`;
  return [fieldError('FieldValueInvalid', fieldPath(base, 'bootOrder'), message)];
}

/**
 * Validates `domain.devices.disks`: names, one target each, a matching volume for every disk,
 * buses and boot order.
 */
export function validateDisks(
  field: string,
  disks: readonly LooseDisk[],
  volumes: readonly LooseVolume[],
): FieldError[] {
  const volumesByName = new Map(volumes.map((v) => [v.name ?? '', v] as const));
  const perDisk = disks.flatMap((disk, i) => {
    const context: DiskContext = { base: fieldPath(field, i), disk, volumes: volumesByName };
    return [
      ...validateName(context),
      ...validateTargetCount(context),
      ...validateVolumeExists(context),
      ...validateBus(context),
      ...validateBootOrder(context),
    ];
  });
  const names = disks.map((disk) => disk.name);
  return [...perDisk, ...duplicateNameErrors(field, names, sameNameMessage(field))];
}
