import { describe, expect, it } from 'vitest';
import {
  accessModes,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
} from './storage-printers.ts';
import { ago, testNow, testObject } from './test-objects.ts';

describe('storage printers', () => {
  it.each([
    [['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'], 'RWO,RWX'],
    [['ReadWriteOncePod', 'ReadOnlyMany'], 'ROX,RWOP'],
    [[], ''],
  ])('abbreviates access modes %j as %j', (modes, text) => {
    expect(accessModes(modes)).toBe(text);
  });

  it('prints a bound persistent volume', () => {
    const pv = testObject('PersistentVolume', {
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'default', name: 'data' },
        storageClassName: 'local',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    });
    expect(persistentVolumePrinter.row(pv, testNow).cells).toEqual([
      'x',
      '10Gi',
      'RWO',
      'Retain',
      'Bound',
      'default/data',
      'local',
      '<unset>',
      '',
      '5m',
      'Filesystem',
    ]);
  });

  it('shows a deleted volume as Terminating and prefers the beta class annotation', () => {
    const pv = testObject(
      'PersistentVolume',
      { spec: { storageClassName: 'b' }, status: { phase: 'Released' } },
      {
        deletionTimestamp: ago(0),
        annotations: { 'volume.beta.kubernetes.io/storage-class': 'a' },
      },
    );
    const cells = persistentVolumePrinter.row(pv, testNow).cells;
    expect([cells[1], cells[4], cells[6], cells[10]]).toEqual(['0', 'Terminating', 'a', '<unset>']);
  });

  it.each([
    [
      {
        spec: { volumeName: 'pv1', storageClassName: 'local' },
        status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
      },
      ['x', 'Bound', 'pv1', '1Gi', 'RWO', 'local', '<unset>', '5m', '<unset>'],
    ],
    [
      { spec: { resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } },
      ['x', 'Pending', '', '', '', '', '<unset>', '5m', '<unset>'],
    ],
  ])('prints the claim %j', (body, cells) => {
    expect(
      persistentVolumeClaimPrinter.row(testObject('PersistentVolumeClaim', body), testNow).cells,
    ).toEqual(cells);
  });

  it('marks the default storage class and fills defaults', () => {
    const sc = testObject(
      'StorageClass',
      { provisioner: 'rancher.io/local-path' },
      { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    );
    expect(storageClassPrinter.row(sc, testNow).cells).toEqual([
      'x (default)',
      'rancher.io/local-path',
      'Delete',
      'Immediate',
      false,
      '5m',
    ]);
  });
});
