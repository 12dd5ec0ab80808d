import { describe, expect, it } from 'vitest';
import { DomainConversionError } from './domain-conversion-error.ts';
import type { LibvirtInterface } from './libvirt-domain.ts';
import { needsQemuNic, passtPortArgs, qemuNicArgs } from './render-nic.ts';

const nic = (change: Partial<LibvirtInterface>): LibvirtInterface => ({
  alias: 'ua-default',
  backend: 'slirp',
  model: 'virtio',
  portForwards: [],
  ...change,
});

describe('needsQemuNic', () => {
  it.each<[string, Partial<LibvirtInterface>, boolean]>([
    ['libvirt-run passt', { backend: 'passt', portForwards: [{ proto: 'tcp', ports: [] }] }, false],
    ['slirp without forwards', {}, false],
    ['slirp with forwards', { portForwards: [{ proto: 'tcp', ports: [80] }] }, true],
    ['passt-socket', { backend: 'passt-socket', passtSocket: '/p.sock' }, true],
  ])('%s: %s', (_name, change, expected) => {
    expect(needsQemuNic(nic(change))).toBe(expected);
  });
});

describe('qemuNicArgs', () => {
  it('gives slirp one hostfwd per port from the pod IP, and a NIC with MAC and boot index', () => {
    const args = qemuNicArgs(
      nic({
        model: 'e1000',
        mac: '02:00:00:00:00:09',
        bootOrder: 3,
        portForwards: [
          { proto: 'tcp', address: '10.0.0.7', ports: [80, 443] },
          { proto: 'udp', address: '10.0.0.7', ports: [53] },
        ],
      }),
    );
    expect(args).toEqual([
      '-netdev',
      'user,id=ua-default,hostfwd=tcp:10.0.0.7:80-:80,hostfwd=tcp:10.0.0.7:443-:443,hostfwd=udp:10.0.0.7:53-:53',
      '-device',
      '{"driver":"e1000","netdev":"ua-default","id":"ua-default-nic","mac":"02:00:00:00:00:09","bootindex":3}',
    ]);
  });

  it('connects a passt-socket NIC to the launcher’s passt through a stream netdev, doubling commas in the path', () => {
    expect(
      qemuNicArgs(nic({ backend: 'passt-socket', passtSocket: '/run/a,b/passt.sock' })).slice(0, 2),
    ).toEqual([
      '-netdev',
      'stream,id=ua-default,server=off,addr.type=unix,addr.path=/run/a,,b/passt.sock',
    ]);
  });

  it('refuses slirp forwards from an IPv6 pod IP', () => {
    const ipv6 = nic({ portForwards: [{ proto: 'tcp', address: 'fd00::7', ports: [80] }] });
    expect(() => qemuNicArgs(ipv6)).toThrow(DomainConversionError);
    expect(() => qemuNicArgs(ipv6)).toThrow(/^podIP: slirp cannot forward/);
  });
});

describe('passtPortArgs', () => {
  it.each<[string, LibvirtInterface['portForwards'], string[]]>([
    ['nothing without forwards', [], []],
    [
      'every port from the pod IP',
      [
        { proto: 'tcp', address: '10.0.0.7', ports: [] },
        { proto: 'udp', address: '10.0.0.7', ports: [] },
      ],
      ['--tcp-ports', '10.0.0.7/all', '--udp-ports', '10.0.0.7/all'],
    ],
    [
      'folded ranges without an address',
      [{ proto: 'tcp', ports: [81, 80, 22] }],
      ['--tcp-ports', '22,80-81'],
    ],
  ])('%s', (_name, portForwards, expected) => {
    expect(passtPortArgs(nic({ backend: 'passt-socket', portForwards }))).toEqual(expected);
  });
});
