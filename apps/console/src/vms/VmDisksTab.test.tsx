import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { tableRowTexts } from '../shared/table-text.ts';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';
import { VmDisksTab } from './VmDisksTab.tsx';

afterEach(cleanup);

const vm = vmFixture({
  name: 'vm-d',
  devices: {
    disks: [
      { name: 'rootdisk', disk: {}, bootOrder: 1 },
      { name: 'cloudinit', cdrom: { bus: 'sata' } },
      { name: 'lost', disk: {} },
    ],
  },
  volumes: [
    { name: 'rootdisk', dataVolume: { name: 'fedora-root' } },
    { name: 'cloudinit', cloudInitNoCloud: { secretRef: { name: 'vm-d-userdata' } } },
    { name: 'scratch', emptyDisk: { capacity: '1Gi' } },
  ],
});
const vmi = vmiFixture({
  name: 'vm-d',
  volumeStatus: [
    { name: 'rootdisk', target: 'vda', size: 20 * 1024 ** 3 },
    { name: 'scratch', target: 'vdb', phase: 'Bound', reason: 'ClaimBound' },
  ],
});

const cells = (): string[][] => tableRowTexts('Disks and volumes');

describe('VmDisksTab', () => {
  it('lists each disk with its volume and the live device, status and size', () => {
    render(<VmDisksTab vm={vm} vmi={vmi} />);
    expect(cells()).toEqual([
      ['rootdisk', 'disk', 'virtio', '1', 'dataVolume', 'fedora-root', 'vda', '-', '20 GiB'],
      [
        'cloudinit',
        'cdrom (read-only)',
        'sata',
        '-',
        'cloudInitNoCloud',
        'user data from secret vm-d-userdata',
        '-',
        '-',
        '-',
      ],
      ['lost', 'disk', 'virtio', '-', 'No volume named lost', '-', '-', '-', '-'],
      [
        'scratch',
        'disk (no disk declared)',
        'virtio',
        '-',
        'emptyDisk',
        '1Gi',
        'vdb',
        'Bound: ClaimBound',
        '-',
      ],
    ]);
    expect(screen.queryByText(/is not running/)).toBeNull();
  });

  it('says the live columns fill while the VM runs when it is stopped', () => {
    render(<VmDisksTab vm={vm} vmi={undefined} />);
    expect(screen.getByText(/The virtual machine is not running/)).toBeDefined();
    expect(cells().map((row) => row[6])).toEqual(['-', '-', '-', '-']);
  });

  it('says so when the VM has no disks', () => {
    render(<VmDisksTab vm={vmFixture({ name: 'bare' })} vmi={undefined} />);
    expect(screen.getByText('This virtual machine has no disks.')).toBeDefined();
    expect(screen.queryByRole('grid')).toBeNull();
  });
});
