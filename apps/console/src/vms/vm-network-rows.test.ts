import type { Interface, Network } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';
import { interfaceAddresses, vmNetworkRows } from './vm-network-rows.ts';

const interfaces: Interface[] = [
  { name: 'default', masquerade: {}, macAddress: '02:00:00:00:00:01' },
  { name: 'storage', model: 'e1000e' },
  { name: 'fast', passtBinding: {} },
  { name: 'dangling', bridge: {} },
];
const networks: Network[] = [
  { name: 'default', pod: {} },
  { name: 'storage', multus: { networkName: 'infra/storage-net' } },
  { name: 'fast', pod: {} },
];
const vm = vmFixture({ name: 'vm-n', devices: { interfaces }, networks });
const vmi = vmiFixture({
  name: 'vm-n',
  interfaces: [
    {
      name: 'default',
      ipAddress: '10.0.2.2',
      ipAddresses: ['10.0.2.2', 'fd10:0:2::2'],
      mac: '02:00:00:00:00:99',
      interfaceName: 'enp1s0',
      linkState: 'up',
    },
    {
      name: 'storage',
      ipAddresses: ['192.168.10.5'],
      mac: '02:00:00:00:00:02',
      interfaceName: 'enp2s0',
      linkState: 'down',
    },
    { interfaceName: 'docker0', ipAddresses: ['172.17.0.1'], mac: '02:42:00:00:00:01' },
  ],
});

describe('vmNetworkRows', () => {
  const running = vmNetworkRows(vm, vmi);

  it.each([
    // name, model, binding, network, MAC
    ['default', 'virtio', 'masquerade', { kind: 'pod' }, '02:00:00:00:00:01'],
    [
      'storage',
      'e1000e',
      'bridge',
      { kind: 'multus', networkName: 'infra/storage-net' },
      '02:00:00:00:00:02',
    ],
    ['fast', 'virtio', 'passt', { kind: 'pod' }, undefined],
    ['dangling', 'virtio', 'bridge', undefined, undefined],
  ])('joins interface %s with its network', (...expected) => {
    const [name, model, binding, network, mac] = expected;
    const row = running.find((entry) => entry.name === name && entry.origin === 'spec');
    expect(row).toEqual(expect.objectContaining({ model, binding, network, mac }));
  });

  it.each([
    ['default', ['10.0.2.2', 'fd10:0:2::2'], 'enp1s0', 'up'],
    ['storage', ['192.168.10.5'], 'enp2s0', 'down'],
    ['fast', [], undefined, undefined],
  ])('adds what the guest reports about %s', (name, ipAddresses, guestInterface, linkState) => {
    const row = running.find((entry) => entry.name === name);
    expect(row).toMatchObject({ ipAddresses, guestInterface, linkState });
  });

  it('lists an interface the guest reports but the VM does not declare, after the declared ones', () => {
    expect(running.map((row) => row.origin)).toEqual(['spec', 'spec', 'spec', 'spec', 'guest']);
    expect(running[4]).toMatchObject({
      name: 'docker0',
      network: undefined,
      binding: undefined,
      mac: '02:42:00:00:00:01',
      ipAddresses: ['172.17.0.1'],
    });
  });

  it('has only the spec without a VMI', () => {
    const stopped = vmNetworkRows(vm, undefined);
    expect(stopped.map((row) => [row.name, row.ipAddresses, row.linkState])).toEqual([
      ['default', [], undefined],
      ['storage', [], undefined],
      ['fast', [], undefined],
      ['dangling', [], undefined],
    ]);
  });

  it.each([
    ['sriov', { name: 'x', sriov: {} }, 'sriov'],
    ['a binding plugin', { name: 'x', binding: { name: 'macvtap' } }, 'macvtap'],
    ['nothing on the pod network', { name: 'x' }, 'masquerade'],
  ])('names the binding of an interface with %s', (_case, iface, binding) => {
    const rows = vmNetworkRows(
      vmFixture({
        name: 'b',
        devices: { interfaces: [iface] },
        networks: [{ name: 'x', pod: {} }],
      }),
      undefined,
    );
    expect(rows[0]?.binding).toBe(binding);
  });

  it("shows KubeVirt's default pod interface for a VM that declares none", () => {
    const rows = vmNetworkRows(
      vmFixture({ name: 'plain' }),
      vmiFixture({ name: 'plain', ip: '10.0.2.2' }),
    );
    expect(rows).toEqual([
      expect.objectContaining({
        name: 'default',
        origin: 'default',
        binding: 'masquerade',
        network: { kind: 'pod' },
        ipAddresses: ['10.0.2.2'],
      }),
    ]);
  });

  it('has no rows for a VM without interfaces that turns off the pod interface', () => {
    const bare = vmFixture({ name: 'bare', devices: { autoattachPodInterface: false } });
    expect(vmNetworkRows(bare, undefined)).toEqual([]);
  });
});

describe('interfaceAddresses', () => {
  it.each([
    [{ ipAddress: '10.0.0.1' }, ['10.0.0.1']],
    [{ ipAddress: '10.0.0.1', ipAddresses: ['10.0.0.1', 'fe80::1'] }, ['10.0.0.1', 'fe80::1']],
    [{ ipAddress: '10.0.0.1', ipAddresses: ['fe80::1'] }, ['10.0.0.1', 'fe80::1']],
    [{ ipAddress: '', ipAddresses: [''] }, []],
    [undefined, []],
  ])('lists the addresses of %j', (status, addresses) => {
    expect(interfaceAddresses(status)).toEqual(addresses);
  });
});
