import { describe, expect, it } from 'vitest';
import type { LibvirtInterface, PortForward } from '../domain/index.ts';
import { passtArgs, reservedFiles } from './passt-args.ts';

const nic = (portForwards: PortForward[]): LibvirtInterface => ({
  alias: 'ua-default',
  backend: 'passt-socket',
  passtSocket: '/run/libvirt/passt/passt.sock',
  model: 'virtio',
  portForwards,
});
const socket = '/state/libvirt/run/passt/passt.sock';
const runAs = { uid: 64055, gid: 64055 };
const common = ['-f', '-e', '-q', '--runas', '64055:64055', '-s', socket];
const every: PortForward[] = [
  { proto: 'tcp', address: '10.244.1.7', ports: [] },
  { proto: 'udp', address: '10.244.1.7', ports: [] },
];

describe('passtArgs', () => {
  it('runs passt in the foreground as QEMU’s user on the socket, forwarding the declared ports from the pod IP', () => {
    const plan = passtArgs({
      nic: nic([
        { proto: 'tcp', address: '10.244.1.7', ports: [80, 81, 443] },
        { proto: 'udp', address: '10.244.1.7', ports: [53] },
      ]),
      socket,
      runAs,
      openFileLimit: 20000,
    });
    expect(plan).toEqual({
      args: [...common, '--tcp-ports', '10.244.1.7/80-81,443', '--udp-ports', '10.244.1.7/53'],
      notes: [],
    });
  });

  it('gives a masquerade guest its fixed address, prefix and gateway instead of the pod’s, still forwarding from the pod IP', () => {
    const plan = passtArgs({
      nic: {
        ...nic([{ proto: 'tcp', address: '10.244.1.7', ports: [80] }]),
        guestAddress: { address: '10.0.2.2', prefixLength: 24, gateway: '10.0.2.1' },
      },
      socket,
      runAs,
    });
    expect(plan.args).toEqual([
      ...common,
      ...['--address', '10.0.2.2', '--netmask', '24', '--gateway', '10.0.2.1'],
      ...['--tcp-ports', '10.244.1.7/80'],
    ]);
  });

  it('forwards nothing for a NIC without forwards', () => {
    expect(passtArgs({ nic: nic([]), socket, runAs }).args).toEqual(common);
  });

  it('forwards every port below the ephemeral range as ranges (passt refuses ADDRESS/all) when the open-file limit allows', () => {
    expect(passtArgs({ nic: nic(every), socket, runAs, openFileLimit: 1_048_576 })).toEqual({
      args: [...common, '--tcp-ports', '10.244.1.7/1-32767', '--udp-ports', '10.244.1.7/1-32767'],
      notes: [],
    });
  });

  it('forwards every port without an address when the pod IP is unknown', () => {
    const plan = passtArgs({ nic: nic([{ proto: 'tcp', ports: [] }]), socket, runAs });
    expect(plan.args).toEqual([...common, '--tcp-ports', '1-32767']);
  });

  it.each([
    [
      'TCP only, up to what the limit allows, and no UDP',
      20000,
      ['--tcp-ports', `10.244.1.7/1-${String(20000 - reservedFiles)}`],
      /TCP ports forwarded: 1-15904 of 1-32767; UDP ports forwarded: none of 1-32767: the open-file limit \(20000\) is too low/,
    ],
    [
      'all of TCP and part of UDP',
      40000,
      ['--tcp-ports', '10.244.1.7/1-32767', '--udp-ports', '10.244.1.7/1-3137'],
      /^UDP ports forwarded: 1-3137 of 1-32767: the open-file limit \(40000\)/,
    ],
    ['nothing when the limit leaves no room', 1024, [], /TCP ports forwarded: none/],
  ])(
    'forwards %s for every port under a low open-file limit, with a note',
    (_what, limit, forwards, note) => {
      const plan = passtArgs({ nic: nic(every), socket, runAs, openFileLimit: limit });
      expect(plan.args).toEqual([...common, ...forwards]);
      expect(plan.notes).toHaveLength(1);
      expect(plan.notes[0]).toMatch(note);
      expect(plan.notes[0]).toMatch(/declare the VM's ports/);
    },
  );

  it('counts declared ports against the limit before every port of the other protocol', () => {
    const plan = passtArgs({
      nic: nic([
        { proto: 'tcp', address: '10.244.1.7', ports: [80, 443] },
        { proto: 'udp', address: '10.244.1.7', ports: [] },
      ]),
      socket,
      runAs,
      openFileLimit: 20000,
    });
    expect(plan.args).toEqual([
      ...common,
      '--tcp-ports',
      '10.244.1.7/80,443',
      '--udp-ports',
      `10.244.1.7/1-${String(20000 - reservedFiles - 2)}`,
    ]);
  });
});
