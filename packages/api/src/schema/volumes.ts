/** Volume sources of a VMI (`spec.volumes`). */
import { boolean, define, object, quantity, ref, string, type SchemaNode } from './dsl.ts';

const pullPolicy = string({
  description:
    'When to pull the image: Always, IfNotPresent or Never. Defaults to IfNotPresent, or Always for :latest.',
});

export const containerDiskSource = define(
  'ContainerDiskSource',
  object(
    {
      image: string({
        description: 'Container image holding the disk image (a qcow2 or raw file in /disk).',
      }),
      imagePullPolicy: pullPolicy,
      imagePullSecret: string({ description: 'Name of the Secret used to pull the image.' }),
      path: string({ description: 'Path of the disk image in the container image.' }),
    },
    {
      required: ['image'],
      description:
        'An ephemeral disk from a container image: the image is a read-only base, writes go to a local overlay and are lost when the VMI stops.',
    },
  ),
);

const secretRef = (description: string) =>
  object({ name: string({ description: 'Name of the Secret.' }) }, { description });

function cloudInitFields(kind: string): Record<string, SchemaNode> {
  return {
    userData: string({ description: `${kind} user-data as plain text.` }),
    userDataBase64: string({ description: `${kind} user-data, base64-encoded.` }),
    secretRef: secretRef('Secret whose userdata (or userData) key holds the user-data.'),
    networkData: string({ description: `${kind} network-data as plain text.` }),
    networkDataBase64: string({ description: `${kind} network-data, base64-encoded.` }),
    networkDataSecretRef: secretRef(
      'Secret whose networkdata (or networkData) key holds the network-data.',
    ),
  };
}

export const cloudInitNoCloudSource = define(
  'CloudInitNoCloudSource',
  object(cloudInitFields('NoCloud'), {
    description: 'A cloud-init NoCloud data source, attached as a disk labelled cidata.',
  }),
);

export const cloudInitConfigDriveSource = define(
  'CloudInitConfigDriveSource',
  object(cloudInitFields('ConfigDrive'), {
    description:
      'A cloud-init ConfigDrive (OpenStack) data source, attached as a disk labelled config-2.',
  }),
);

const claimFields = {
  claimName: string({ description: 'Name of the PersistentVolumeClaim in the VMI namespace.' }),
  readOnly: boolean({ description: 'Use the claim read-only.' }),
};

export const persistentVolumeClaimVolumeSource = define(
  'PersistentVolumeClaimVolumeSource',
  object(
    {
      ...claimFields,
      hotpluggable: boolean({ description: 'The volume can be hot-plugged and hot-unplugged.' }),
    },
    { required: ['claimName'], description: 'A disk backed by a PersistentVolumeClaim.' },
  ),
);

export const emptyDiskSource = define(
  'EmptyDiskSource',
  object(
    { capacity: quantity('Size of the disk, such as 2Gi.') },
    {
      required: ['capacity'],
      description: 'A blank scratch disk that lives as long as the VMI.',
    },
  ),
);

export const hostDisk = define(
  'HostDisk',
  object(
    {
      path: string({ description: 'Path of the disk image on the node.' }),
      type: string({
        description: 'Disk: the image must exist. DiskOrCreate: create it with the given capacity.',
      }),
      capacity: quantity('Size of the image to create (DiskOrCreate).'),
      shared: boolean({ description: 'The image is shared between nodes (allows migration).' }),
    },
    {
      required: ['path', 'type'],
      description: 'A disk image file on the node. Needs the HostDisk feature gate.',
    },
  ),
);

export const ephemeralVolumeSource = define(
  'EphemeralVolumeSource',
  object(
    {
      persistentVolumeClaim: object(claimFields, {
        required: ['claimName'],
        description: 'The claim used, read-only, as the base image.',
      }),
    },
    {
      description:
        'A copy-on-write overlay on a PersistentVolumeClaim: the claim is not changed, writes are lost when the VMI stops.',
    },
  ),
);

const optional = boolean({ description: 'Start even if the object does not exist.' });
const volumeLabel = string({ description: 'Label of the ISO disk the data is exposed on.' });

export const configMapVolumeSource = define(
  'ConfigMapVolumeSource',
  object(
    { name: string({ description: 'Name of the ConfigMap.' }), optional, volumeLabel },
    { description: 'The keys of a ConfigMap as files on an ISO disk.' },
  ),
);

export const secretVolumeSource = define(
  'SecretVolumeSource',
  object(
    { secretName: string({ description: 'Name of the Secret.' }), optional, volumeLabel },
    { description: 'The keys of a Secret as files on an ISO disk.' },
  ),
);

export const volume = define(
  'Volume',
  object(
    {
      name: string({ description: 'Name of the volume; a disk of the same name uses it.' }),
      containerDisk: ref(containerDiskSource, { description: 'A disk from a container image.' }),
      cloudInitNoCloud: ref(cloudInitNoCloudSource, { description: 'cloud-init NoCloud data.' }),
      cloudInitConfigDrive: ref(cloudInitConfigDriveSource, {
        description: 'cloud-init ConfigDrive data.',
      }),
      persistentVolumeClaim: ref(persistentVolumeClaimVolumeSource, {
        description: 'A PersistentVolumeClaim.',
      }),
      emptyDisk: ref(emptyDiskSource, { description: 'A blank scratch disk.' }),
      hostDisk: ref(hostDisk, { description: 'A disk image on the node.' }),
      ephemeral: ref(ephemeralVolumeSource, { description: 'A copy-on-write PVC overlay.' }),
      configMap: ref(configMapVolumeSource, { description: 'A ConfigMap as an ISO disk.' }),
      secret: ref(secretVolumeSource, { description: 'A Secret as an ISO disk.' }),
      dataVolume: object(
        {
          name: string({ description: 'Name of the DataVolume.' }),
          hotpluggable: boolean({ description: 'The volume can be hot-plugged.' }),
        },
        {
          required: ['name'],
          description: 'A CDI DataVolume. Not supported by Podvisor: validation rejects it.',
        },
      ),
    },
    { required: ['name'], description: 'A source of data for a disk; exactly one source is set.' },
  ),
);
