import type { Json, KubeObject } from '../json.ts';
import { arrayAt, booleanAt, objectAt, stringAt, stringMapAt } from '../selectors/read-json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import {
  ageColumn,
  ageOf,
  column,
  nameColumn,
  nameOf,
  type TablePrinter,
} from './table-printer.ts';

const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

const accessModeAbbreviations: readonly (readonly [string, string])[] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** `GetAccessModesAsString`: `RWO,ROX,RWX,RWOP` in that fixed order, for the modes present. */
export function accessModes(modes: readonly Json[]): string {
  return accessModeAbbreviations
    .filter(([mode]) => modes.includes(mode))
    .map(([, short]) => short)
    .join(',');
}

/** The storage quantity at a resource list (as written; `0` when absent). */
function storageOf(resources: Json | undefined): string {
  const value = objectAt(resources)?.['storage'];
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : '0';
}

/** The storage class: the beta annotation wins over `spec.storageClassName`. */
function storageClassOf(obj: KubeObject): string {
  const annotations = stringMapAt(obj, 'metadata', 'annotations');
  return annotations[betaStorageClassAnnotation] ?? stringAt(obj, 'spec', 'storageClassName');
}

function orUnset(value: string): string {
  return value === '' ? '<unset>' : value;
}

function phaseOf(obj: KubeObject): string {
  return stringAt(obj, 'metadata', 'deletionTimestamp') === ''
    ? stringAt(obj, 'status', 'phase')
    : 'Terminating';
}

function claimOf(pv: KubeObject): string {
  const claim = objectAt(pv, 'spec', 'claimRef');
  return claim === undefined ? '' : `${stringAt(claim, 'namespace')}/${stringAt(claim, 'name')}`;
}

/** PersistentVolumes, with the columns of `printPersistentVolume`. */
export const persistentVolumePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Capacity', 'string', describe.pvCapacity),
    column('Access Modes', 'string', describe.pvAccessModes),
    column('Reclaim Policy', 'string', describe.pvReclaimPolicy),
    column('Status', 'string', describe.pvPhase),
    column('Claim', 'string', describe.pvClaimRef),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', describe.pvReason),
    ageColumn,
    column('VolumeMode', 'string', describe.pvVolumeMode, { priority: 1 }),
  ],
  row: (pv, now) => ({
    cells: [
      nameOf(pv),
      storageOf(objectAt(pv, 'spec', 'capacity')),
      accessModes(arrayAt(pv, 'spec', 'accessModes')),
      stringAt(pv, 'spec', 'persistentVolumeReclaimPolicy'),
      phaseOf(pv),
      claimOf(pv),
      storageClassOf(pv),
      orUnset(stringAt(pv, 'spec', 'volumeAttributesClassName')),
      stringAt(pv, 'status', 'reason'),
      ageOf(pv, now),
      orUnset(stringAt(pv, 'spec', 'volumeMode')),
    ],
  }),
};

function claimCapacityCells(pvc: KubeObject): [string, string] {
  if (stringAt(pvc, 'spec', 'volumeName') === '') return ['', ''];
  return [
    storageOf(objectAt(pvc, 'status', 'capacity')),
    accessModes(arrayAt(pvc, 'status', 'accessModes')),
  ];
}

/** PersistentVolumeClaims, with the columns of `printPersistentVolumeClaim`. */
export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Status', 'string', describe.pvcPhase),
    column('Volume', 'string', describe.pvcVolumeName),
    column('Capacity', 'string', describe.pvcCapacity),
    column('Access Modes', 'string', describe.pvcAccessModes),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    column('VolumeMode', 'string', describe.pvcVolumeMode, { priority: 1 }),
  ],
  row: (pvc, now) => ({
    cells: [
      nameOf(pvc),
      phaseOf(pvc),
      stringAt(pvc, 'spec', 'volumeName'),
      ...claimCapacityCells(pvc),
      storageClassOf(pvc),
      orUnset(stringAt(pvc, 'spec', 'volumeAttributesClassName')),
      ageOf(pvc, now),
      orUnset(stringAt(pvc, 'spec', 'volumeMode')),
    ],
  }),
};

function isDefaultClass(sc: KubeObject): boolean {
  const annotations = stringMapAt(sc, 'metadata', 'annotations');
  return (
    annotations['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
}

/** StorageClasses: Name (`(default)` marked), Provisioner, ReclaimPolicy, VolumeBindingMode, AllowVolumeExpansion, Age. */
export const storageClassPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Provisioner', 'string', describe.provisioner),
    column('ReclaimPolicy', 'string', describe.storageClassReclaimPolicy),
    column('VolumeBindingMode', 'string', describe.volumeBindingMode),
    column('AllowVolumeExpansion', 'string', describe.allowVolumeExpansion),
    ageColumn,
  ],
  row: (sc, now) => ({
    cells: [
      isDefaultClass(sc) ? `${nameOf(sc)} (default)` : nameOf(sc),
      stringAt(sc, 'provisioner'),
      stringAt(sc, 'reclaimPolicy') || 'Delete',
      stringAt(sc, 'volumeBindingMode') || 'Immediate',
      booleanAt(sc, 'allowVolumeExpansion') ?? false,
      ageOf(sc, now),
    ],
  }),
};
