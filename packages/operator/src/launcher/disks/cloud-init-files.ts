import type { CloudInitConfigDriveSource, CloudInitNoCloudSource } from '@podvisor/api';
import { DiskPreparationError } from './disk-preparation-error.ts';

/** Relative path → content of the files of a cloud-init ISO. */
export type IsoFiles = Readonly<Record<string, string>>;

/** Who the guest is, for cloud-init's metadata. */
export interface CloudInitIdentity {
  /** The VMI's uid (cloud-init reruns per-instance modules when it changes). */
  readonly instanceId: string;
  readonly hostname: string;
}

type CloudInitSource = CloudInitNoCloudSource | CloudInitConfigDriveSource;

const base64Pattern = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function decoded(value: string, field: string): string {
  if (!base64Pattern.test(value)) {
    throw new DiskPreparationError({
      field,
      reason: 'InvalidVolume',
      problem: 'is not valid base64',
    });
  }
  return Buffer.from(value, 'base64').toString('utf8');
}

function unsupportedSecret(field: string): DiskPreparationError {
  return new DiskPreparationError({
    field,
    reason: 'Unsupported',
    problem: 'Secret references are not supported yet; put the data in userData or userDataBase64',
  });
}

/** The user-data and network-data of a cloud-init source (base64 decoded), checked. */
export function cloudInitData(
  source: CloudInitSource,
  field: string,
): { userData: string; networkData?: string } {
  if (source.secretRef !== undefined) throw unsupportedSecret(`${field}.secretRef`);
  if (source.networkDataSecretRef !== undefined) {
    throw unsupportedSecret(`${field}.networkDataSecretRef`);
  }
  const userData =
    source.userData ??
    (source.userDataBase64 === undefined
      ? ''
      : decoded(source.userDataBase64, `${field}.userDataBase64`));
  const networkData =
    source.networkData ??
    (source.networkDataBase64 === undefined
      ? undefined
      : decoded(source.networkDataBase64, `${field}.networkDataBase64`));
  return networkData === undefined ? { userData } : { userData, networkData };
}

/**
 * The files of a NoCloud `cidata` disk: `user-data`, `meta-data` (instance-id and
 * local-hostname) and, when given, `network-config` (the name cloud-init reads).
 */
export function noCloudFiles(
  source: CloudInitNoCloudSource,
  identity: CloudInitIdentity,
  field: string,
): IsoFiles {
  const { userData, networkData } = cloudInitData(source, field);
  return {
    'user-data': userData,
    'meta-data': `instance-id: ${identity.instanceId}\nlocal-hostname: ${identity.hostname}\n`,
    ...(networkData === undefined ? {} : { 'network-config': networkData }),
  };
}

/**
 * The files of an OpenStack `config-2` disk: `openstack/latest/user_data`, `meta_data.json`
 * (uuid, hostname, name) and, when given, `network_data.json`.
 */
export function configDriveFiles(
  source: CloudInitConfigDriveSource,
  identity: CloudInitIdentity,
  field: string,
): IsoFiles {
  const { userData, networkData } = cloudInitData(source, field);
  const metaData = {
    uuid: identity.instanceId,
    hostname: identity.hostname,
    name: identity.hostname,
  };
  return {
    'openstack/latest/user_data': userData,
    'openstack/latest/meta_data.json': `${JSON.stringify(metaData)}\n`,
    ...(networkData === undefined ? {} : { 'openstack/latest/network_data.json': networkData }),
  };
}
