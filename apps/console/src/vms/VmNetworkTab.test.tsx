import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';
import { VmNetworkTab } from './VmNetworkTab.tsx';

afterEach(cleanup);

const vm = vmFixture({
  name: 'vm-n',
  devices: {
    interfaces: [
      { name: 'default', masquerade: {} },
      { name: 'storage', bridge: {}, macAddress: '02:00:00:00:00:02' },
      { name: 'orphan', bridge: {} },
    ],
  },
  networks: [
    { name: 'default', pod: {} },
    { name: 'storage', multus: { networkName: 'storage-net' } },
  ],
});
const vmi = vmiFixture({
  name: 'vm-n',
  interfaces: [
    {
      name: 'default',
      ipAddress: '10.0.2.2',
      ipAddresses: ['10.0.2.2', 'fd10:0:2::2'],
      mac: '02:00:00:00:00:01',
      interfaceName: 'enp1s0',
      linkState: 'up',
    },
    { interfaceName: 'lo', ipAddresses: ['127.0.0.1'] },
  ],
});

function rows(): HTMLElement[] {
  const table = screen.getByRole('grid', { name: 'Network interfaces' });
  return within(table).getAllByRole('row').slice(1);
}

function cells(row: HTMLElement | undefined): (string | null)[] {
  return row === undefined
    ? []
    : within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
}

describe('VmNetworkTab', () => {
  it('lists each interface with its network and what the guest reports', () => {
    render(<VmNetworkTab vm={vm} vmi={vmi} />);
    const [first, second, third, fourth] = rows();
    expect(cells(first)).toEqual([
      'default',
      'virtio',
      'masquerade',
      'Pod network',
      '02:00:00:00:00:01',
      '10.0.2.2fd10:0:2::2',
      'enp1s0',
      'up',
    ]);
    expect(
      within(first ?? document.body)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['10.0.2.2', 'fd10:0:2::2']);
    expect(cells(second)).toEqual([
      'storage',
      'virtio',
      'bridge',
      'Multus: storage-net',
      '02:00:00:00:00:02',
      '-',
      '-',
      '-',
    ]);
    expect(cells(third)[3]).toBe('No network named orphan');
    expect(cells(fourth)).toEqual([
      'lo reported by the guest',
      '-',
      '-',
      '-',
      '-',
      '127.0.0.1',
      'lo',
      '-',
    ]);
  });

  it("marks KubeVirt's default interface of a VM that declares none", () => {
    render(<VmNetworkTab vm={vmFixture({ name: 'plain' })} vmi={undefined} />);
    expect(cells(rows()[0]).slice(0, 4)).toEqual([
      'default added by default',
      'virtio',
      'masquerade',
      'Pod network',
    ]);
    expect(screen.getByText(/The virtual machine is not running/)).toBeDefined();
  });

  it('says so when the VM has no interfaces', () => {
    const bare = vmFixture({ name: 'bare', devices: { autoattachPodInterface: false } });
    render(<VmNetworkTab vm={bare} vmi={undefined} />);
    expect(screen.getByText('This virtual machine has no network interfaces.')).toBeDefined();
  });
});
