import type { ClusterConfig } from '../cluster-config.ts';
import { duplicateNameErrors, sameNameMessage } from './duplicate-name-errors.ts';
import { type FieldError, fieldError, fieldPath } from './field-error.ts';
import type { LooseVolume } from './loose.ts';
import { dns1123LabelErrors } from './name-errors.ts';
import { parseMilliQuantity, quantitySyntaxMessage } from './parse-quantity.ts';

/** Every volume source KubeVirt knows; a volume must set exactly one. */
const volumeSources = [
  'containerDisk',
  'cloudInitNoCloud',
  'cloudInitConfigDrive',
  'persistentVolumeClaim',
  'dataVolume',
  'emptyDisk',
  'hostDisk',
  'ephemeral',
  'configMap',
  'secret',
  'serviceAccount',
  'downwardAPI',
  'downwardMetrics',
  'sysprep',
  'memoryDump',
] as const;

/** cloud-init data inline in the object is capped; larger data goes in a Secret. */
const cloudInitMaxBytes = 2048;

function present(value: unknown): boolean {
  return value != null;
}

function validateName(base: string, volume: LooseVolume): FieldError[] {
  const field = fieldPath(base, 'name');
  return dns1123LabelErrors(volume.name ?? '').map((m) =>
    fieldError('FieldValueInvalid', field, m),
  );
}

function validateSourceCount(base: string, volume: LooseVolume): FieldError[] {
  const record = volume as Record<string, unknown>;
  const count = volumeSources.filter((source) => present(record[source])).length;
  if (count === 1) return [];
  return [fieldError('FieldValueInvalid', base, `${base} must have exactly one source type set`)];
}

function requiredString(value: unknown, field: string): FieldError[] {
  if (typeof value === 'string' && value !== '') return [];
  return [fieldError('FieldValueRequired', field, `${field} is a required field`)];
}

function validateReferences(base: string, volume: LooseVolume): FieldError[] {
  const record = volume as Record<string, Record<string, unknown> | undefined>;
  const checks: [string, string][] = [
    ['containerDisk', 'image'],
    ['persistentVolumeClaim', 'claimName'],
    ['dataVolume', 'name'],
    ['configMap', 'name'],
    ['secret', 'secretName'],
    ['serviceAccount', 'serviceAccountName'],
  ];
  return checks.flatMap(([source, key]) => {
    const value = record[source];
    if (value == null) return [];
    return requiredString(value[key], fieldPath(base, source, key));
  });
}

/** The byte length of base64 data, or undefined when it is not valid base64. */
function base64Length(value: string): number | undefined {
  const compact = value.replace(/\s/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return (compact.length / 4) * 3 - padding;
}

interface CloudInitData {
  inline?: unknown;
  base64?: unknown;
  secretRef?: unknown;
}

interface CloudInitSummary {
  sources: number;
  bytes: number;
  errors: FieldError[];
}

function summarizeCloudInit(data: CloudInitData, base64Field: string): CloudInitSummary {
  const summary: CloudInitSummary = { sources: 0, bytes: 0, errors: [] };
  const ref = data.secretRef as { name?: unknown } | undefined | null;
  if (typeof ref?.name === 'string' && ref.name !== '') summary.sources += 1;
  if (typeof data.base64 === 'string' && data.base64 !== '') {
    summary.sources += 1;
    const length = base64Length(data.base64);
    if (length === undefined) {
      const message = `${base64Field} is not a valid base64 value.`;
      summary.errors.push(fieldError('FieldValueInvalid', base64Field, message));
    } else summary.bytes = length;
  }
  if (typeof data.inline === 'string' && data.inline !== '') {
    summary.sources += 1;
    summary.bytes = new TextEncoder().encode(data.inline).length;
  }
  return summary;
}

function validateCloudInit(base: string, volume: LooseVolume): FieldError[] {
  const kind = present(volume.cloudInitNoCloud) ? 'cloudInitNoCloud' : 'cloudInitConfigDrive';
  const source = (volume as Record<string, Record<string, unknown> | undefined>)[kind];
  if (source == null) return [];
  const field = fieldPath(base, kind);
  const user = summarizeCloudInit(
    { inline: source.userData, base64: source.userDataBase64, secretRef: source.secretRef },
    fieldPath(field, 'userDataBase64'),
  );
  const network = summarizeCloudInit(
    {
      inline: source.networkData,
      base64: source.networkDataBase64,
      secretRef: source.networkDataSecretRef,
    },
    fieldPath(field, 'networkDataBase64'),
  );
  const errors = [...user.errors, ...network.errors];
  const invalid = (message: string): void => {
    errors.push(fieldError('FieldValueInvalid', field, `${field} ${message}`));
  };
  if (user.sources > 1) invalid('must have only one userdatasource set.');
  if (network.sources > 1) invalid('must have only one networkdata source set.');
  if (user.bytes > cloudInitMaxBytes) {
    invalid(
      `userdata exceeds ${cloudInitMaxBytes} byte limit. Should use UserDataSecretRef for larger data.`,
    );
  }
  if (network.bytes > cloudInitMaxBytes) {
    invalid(
      `networkdata exceeds ${cloudInitMaxBytes} byte limit. Should use NetworkDataSecretRef for larger data.`,
    );
  }
  if (user.sources === 0 && network.sources === 0) {
    invalid('must have at least one userdatasource or one networkdatasource set.');
  }
  return errors;
}

/** A capacity that must be a positive quantity. */
function validateCapacity(value: unknown, field: string): FieldError[] {
  if (value == null) {
    return [fieldError('FieldValueRequired', field, `${field} is a required field`)];
  }
  const millis = parseMilliQuantity(value);
  if (millis === undefined) return [fieldError('FieldValueInvalid', field, quantitySyntaxMessage)];
  if (millis > 0n) return [];
  const shown =
    typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);
  const message = `${field} '${shown}': must be greater than 0.`;
  return [fieldError('FieldValueInvalid', field, message)];
}

function validateHostDisk(base: string, volume: LooseVolume, config: ClusterConfig): FieldError[] {
  const hostDisk = volume.hostDisk as Record<string, unknown> | undefined | null;
  if (hostDisk == null) return [];
  const errors: FieldError[] = [];
  if (!config.featureGates.includes('HostDisk')) {
    errors.push(fieldError('FieldValueInvalid', base, 'HostDisk feature gate is not enabled'));
  }
  const path = fieldPath(base, 'hostDisk', 'path');
  if (typeof hostDisk.path !== 'string' || hostDisk.path === '') {
    errors.push(fieldError('FieldValueRequired', path, `${path} is required for hostDisk volume`));
  }
  const typeField = fieldPath(base, 'hostDisk', 'type');
  const capacity = fieldPath(base, 'hostDisk', 'capacity');
  if (hostDisk.type === 'DiskOrCreate') {
    errors.push(...validateCapacity(hostDisk.capacity, capacity));
  } else if (hostDisk.type !== 'Disk') {
    const message = `${typeField} has invalid value '${String(hostDisk.type)}', allowed are 'Disk' or 'DiskOrCreate'`;
    errors.push(fieldError('FieldValueInvalid', typeField, message));
  } else if (present(hostDisk.capacity)) {
    const message = `${capacity} is allowed to pass only with ${typeField} equal to 'DiskOrCreate'`;
    errors.push(fieldError('FieldValueInvalid', capacity, message));
  }
  return errors;
}

function validateEmptyDisk(base: string, volume: LooseVolume): FieldError[] {
  const emptyDisk = volume.emptyDisk as Record<string, unknown> | undefined | null;
  if (emptyDisk == null) return [];
  return validateCapacity(emptyDisk.capacity, fieldPath(base, 'emptyDisk', 'capacity'));
}

/** KubeVirt's rule for paths inside an image: absolute, not `/`, no `..` or `.` parts. */
export function validateImagePath(field: string, path: string): FieldError[] {
  if (path === '/')
    return [fieldError('FieldValueInvalid', field, `${field} must not point to root`)];
  const parts = path.replace(/\/+$/, '').split('/');
  const clean =
    path.startsWith('/') && parts.slice(1).every((p) => p !== '' && p !== '.' && p !== '..');
  if (clean) return [];
  const message = `${field} must be an absolute path to a file without relative components`;
  return [fieldError('FieldValueInvalid', field, message)];
}

function validateContainerDiskPath(base: string, volume: LooseVolume): FieldError[] {
  const path = (volume.containerDisk as { path?: unknown } | undefined | null)?.path;
  if (typeof path !== 'string' || path === '') return [];
  return validateImagePath(fieldPath(base, 'containerDisk', 'path'), path);
}

/** Validates `volumes` (names, one source each, cloud-init, host and empty disks). */
export function validateVolumes(
  field: string,
  volumes: readonly LooseVolume[],
  config: ClusterConfig,
): FieldError[] {
  const perVolume = volumes.flatMap((volume, i) => {
    const base = fieldPath(field, i);
    return [
      ...validateName(base, volume),
      ...validateSourceCount(base, volume),
      ...validateReferences(base, volume),
      ...validateContainerDiskPath(base, volume),
      ...validateCloudInit(base, volume),
      ...validateHostDisk(base, volume, config),
      ...validateEmptyDisk(base, volume),
    ];
  });
  const names = volumes.map((volume) => volume.name);
  return [...perVolume, ...duplicateNameErrors(field, names, sameNameMessage(field))];
}
