import type { Disk, Volume } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { formatBytes, vmDiskRows, volumeSource } from './vm-disk-rows.ts';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';

const disks: Disk[] = [
  { name: 'rootdisk', disk: {}, bootOrder: 1 },
  { name: 'cloudinit', cdrom: {} },
  { name: 'data', lun: { bus: 'scsi', readonly: true } },
  { name: 'orphan', disk: { bus: 'sata', readonly: true } },
];
const volumes: Volume[] = [
  { name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } },
  { name: 'cloudinit', cloudInitNoCloud: { userData: '#cloud-config' } },
  { name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } },
  { name: 'scratch', emptyDisk: { capacity: '2Gi' } },
];
const vm = vmFixture({ name: 'vm-a', devices: { disks }, volumes });
const vmi = vmiFixture({
  name: 'vm-a',
  volumeStatus: [
    { name: 'rootdisk', target: 'vda', size: 5 * 1024 ** 3 },
    { name: 'cloudinit', target: 'sda' },
    { name: 'scratch', target: 'vdb', phase: 'Ready', reason: 'VolumeReady' },
  ],
});

describe('vmDiskRows', () => {
  const running = vmDiskRows(vm, vmi);
  const stopped = vmDiskRows(vm, undefined);

  it('lists the disks in spec order, then the volumes no disk names', () => {
    expect(running.map((row) => [row.name, row.origin])).toEqual([
      ['rootdisk', 'spec'],
      ['cloudinit', 'spec'],
      ['data', 'spec'],
      ['orphan', 'spec'],
      ['scratch', 'default'],
    ]);
  });

  it.each([
    // name, type, bus, boot order, read-only, source kind, detail
    ['rootdisk', 'disk', 'virtio', 1, false, 'containerDisk', 'quay.io/containerdisks/fedora:41'],
    ['cloudinit', 'cdrom', 'sata', undefined, true, 'cloudInitNoCloud', 'inline user data'],
    ['data', 'lun', 'scsi', undefined, true, 'persistentVolumeClaim', 'data-pvc'],
    ['scratch', 'disk', 'virtio', undefined, false, 'emptyDisk', '2Gi'],
  ] as const)('joins disk %s with its volume: %s on %s', (...expected) => {
    const [name, type, bus, bootOrder, readOnly, kind, detail] = expected;
    const row = running.find((entry) => entry.name === name);
    expect(row).toMatchObject({ type, bus, bootOrder, readOnly, source: { kind, detail } });
  });

  it('marks a disk whose volume is missing with no source', () => {
    const row = running.find((entry) => entry.name === 'orphan');
    expect(row).toMatchObject({ type: 'disk', bus: 'sata', readOnly: true, source: undefined });
  });

  it.each([
    ['rootdisk', 'vda', undefined, undefined, 5 * 1024 ** 3],
    ['cloudinit', 'sda', undefined, undefined, undefined],
    ['scratch', 'vdb', 'Ready', 'VolumeReady', undefined],
    ['data', undefined, undefined, undefined, undefined],
  ])('adds the live status of %s while the VMI runs', (...expected) => {
    const [name, target, phase, reason, size] = expected;
    const row = running.find((entry) => entry.name === name);
    expect(row).toMatchObject({ target, phase, reason, size });
  });

  it('has no live status without a VMI', () => {
    expect(stopped.map((row) => row.target ?? row.phase ?? row.size)).toEqual(
      stopped.map(() => undefined),
    );
    expect(stopped).toHaveLength(5);
  });

  it('is empty for a VM without disks or volumes', () => {
    expect(vmDiskRows(vmFixture({ name: 'bare' }), undefined)).toEqual([]);
  });
});

describe('volumeSource', () => {
  it.each<[Volume, string, string | undefined]>([
    [{ name: 'v', containerDisk: { image: 'img:1' } }, 'containerDisk', 'img:1'],
    [{ name: 'v', dataVolume: { name: 'dv-1' } }, 'dataVolume', 'dv-1'],
    [
      { name: 'v', persistentVolumeClaim: { claimName: 'pvc-1' } },
      'persistentVolumeClaim',
      'pvc-1',
    ],
    [
      { name: 'v', ephemeral: { persistentVolumeClaim: { claimName: 'base' } } },
      'ephemeral',
      'base',
    ],
    [{ name: 'v', emptyDisk: { capacity: '1Gi' } }, 'emptyDisk', '1Gi'],
    [{ name: 'v', hostDisk: { path: '/d.img', type: 'Disk' } }, 'hostDisk', '/d.img'],
    [
      { name: 'v', hostDisk: { path: '/d.img', type: 'DiskOrCreate', capacity: '3Gi' } },
      'hostDisk',
      '/d.img (3Gi)',
    ],
    [
      { name: 'v', cloudInitNoCloud: { secretRef: { name: 'ud' } } },
      'cloudInitNoCloud',
      'user data from secret ud',
    ],
    [{ name: 'v', cloudInitNoCloud: { networkData: 'x' } }, 'cloudInitNoCloud', undefined],
    [
      { name: 'v', cloudInitConfigDrive: { userDataBase64: 'eA==' } },
      'cloudInitConfigDrive',
      'inline user data',
    ],
    [{ name: 'v', configMap: { name: 'cm' } }, 'configMap', 'cm'],
    [{ name: 'v', secret: { secretName: 's' } }, 'secret', 's'],
    [{ name: 'v', sysprep: {} } as Volume, 'sysprep', undefined],
    [{ name: 'v' }, 'unknown', undefined],
  ])('reads %j as %s (%s)', (volume, kind, detail) => {
    expect(volumeSource(volume)).toEqual({ kind, detail });
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [10 * 1024 ** 2, '10 MiB'],
    [2 * 1024 ** 3, '2 GiB'],
    [1.25 * 1024 ** 4, '1.3 TiB'],
  ])('formats %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
