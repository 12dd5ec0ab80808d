import { describe, expect, it } from 'vitest';
import { completionTimeoutMs, hasWritableDisk, memoryGiB, migrateArgs } from './migrate-args.ts';

const base = {
  domain: 'default_vm',
  xmlFile: '/state/libvirt/run/mig/domain.xml',
  socketDir: '/run/libvirt/mig',
  copyStorage: false,
};

describe('migrateArgs', () => {
  it('runs a peer-to-peer live migration over the local sockets', () => {
    expect(migrateArgs(base)).toEqual([
      'migrate',
      '--live',
      '--p2p',
      '--persistent',
      '--persistent-xml',
      base.xmlFile,
      '--xml',
      base.xmlFile,
      '--migrateuri',
      'unix:///run/libvirt/mig/m.sock',
      'default_vm',
      'qemu+unix:///system?socket=/run/libvirt/mig/c.sock',
    ]);
  });

  it.each([
    [
      { copyStorage: true },
      ['--copy-storage-inc', '--disks-uri', 'unix:///run/libvirt/mig/d.sock'],
    ],
    [{ bandwidthMiBps: 64.4 }, ['--bandwidth', '64']],
    [{ bandwidthMiBps: 0.2 }, ['--bandwidth', '1']],
    [{ allowAutoConverge: true }, ['--auto-converge']],
    [{ allowPostCopy: true }, ['--postcopy']],
  ])('adds the flags for %j', (options, flags) => {
    const args = migrateArgs({ ...base, ...options });
    const start = args.indexOf(flags[0] ?? '');
    expect(args.slice(start, start + flags.length)).toEqual(flags);
  });

  it.each([{ bandwidthMiBps: 0 }, { allowAutoConverge: false }, { allowPostCopy: false }])(
    'adds nothing for %j',
    (options) => {
      expect(migrateArgs({ ...base, ...options })).toEqual(migrateArgs(base));
    },
  );
});

describe('migration sizing', () => {
  it.each([
    ["<memory unit='KiB'>131072</memory>", 0.125],
    ['<memory unit="KiB">2097152</memory>', 2],
    ['<domain/>', 0],
  ])('reads the guest memory of %s', (xml, gib) => {
    expect(memoryGiB(xml)).toBe(gib);
  });

  it.each([
    [150, 2, 300_000],
    [undefined, 1, 150_000],
    [150, 0.0001, 10_000],
  ])('gives %s s per GiB × %s GiB = %s ms (at least 10 s)', (perGiB, gib, ms) => {
    expect(completionTimeoutMs(perGiB, gib)).toBe(ms);
  });

  it.each([
    ["<disk type='file' device='disk'><source file='/vm/root.qcow2'/></disk>", true],
    ["<disk type='file' device='cdrom'><readonly/></disk>", false],
    ["<disk type='file' device='disk'><readonly/></disk>", false],
    ["<disk type='file' device='disk'><shareable/></disk>", false],
    ['<os><kernel>/images/vmlinuz</kernel></os>', false],
  ])('knows whether %s needs copying', (xml, writable) => {
    expect(hasWritableDisk(xml)).toBe(writable);
  });
});
