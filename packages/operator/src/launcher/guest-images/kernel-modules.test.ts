import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GuestImageError } from './guest-image-error.ts';
import { moduleDependencies, resolveKernelModules } from './kernel-modules.ts';

/** A stand-in for a .ko: some code bytes, then a .modinfo-style NUL-separated string table. */
function fakeModule(name: string, depends: string): Buffer {
  return Buffer.from(`\x7fELF junk depends=notme\0license=GPL\0depends=${depends}\0name=${name}\0`);
}

describe('moduleDependencies', () => {
  it.each([
    [
      'virtio_ring,virtio_pci_modern_dev,virtio-pci-legacy-dev',
      ['virtio_ring', 'virtio_pci_modern_dev', 'virtio_pci_legacy_dev'],
    ],
    ['', []],
  ])('reads depends=%j from the modinfo strings', (depends, expected) => {
    expect(moduleDependencies(fakeModule('m', depends))).toEqual(expected);
  });

  it('finds nothing in a file without modinfo', () => {
    expect(moduleDependencies(Buffer.from('\x7fELF no info here'))).toEqual([]);
  });
});

describe('resolveKernelModules', () => {
  let moduleDir: string;
  beforeEach(() => {
    moduleDir = mkdtempSync(join(tmpdir(), 'modules-test-'));
    const modules: Record<string, string> = {
      'drivers/virtio/virtio_ring.ko': '',
      'drivers/virtio/virtio.ko': 'virtio_ring',
      'drivers/virtio/virtio_pci.ko': 'virtio_ring,virtio',
      'drivers/net/virtio_net.ko': 'virtio_ring,virtio,net_failover',
      'drivers/net/net_failover.ko': 'failover',
      'net/core/failover.ko': '',
      'drivers/loop/a.ko': 'b',
      'drivers/loop/b.ko': 'a',
      'drivers/bad/needs-ghost.ko': 'ghost',
    };
    for (const [path, depends] of Object.entries(modules)) {
      mkdirSync(join(moduleDir, 'kernel', path, '..'), { recursive: true });
      const name = path.split('/').pop()?.replace('.ko', '') ?? '';
      writeFileSync(join(moduleDir, 'kernel', path), fakeModule(name, depends));
    }
    writeFileSync(join(moduleDir, 'modules.builtin'), 'kernel/crypto/crc32c_generic.ko\n');
  });
  afterEach(() => {
    rmSync(moduleDir, { recursive: true, force: true });
  });

  const names = (wanted: string[]): string[] =>
    resolveKernelModules(moduleDir, wanted).map((m) => m.name);

  it('orders dependencies before the modules that need them, each once', () => {
    expect(names(['virtio_pci', 'virtio_net'])).toEqual([
      'virtio_ring',
      'virtio',
      'virtio_pci',
      'failover',
      'net_failover',
      'virtio_net',
    ]);
  });

  it('returns the module file paths', () => {
    expect(resolveKernelModules(moduleDir, ['failover'])).toEqual([
      { name: 'failover', path: join(moduleDir, 'kernel/net/core/failover.ko') },
    ]);
  });

  it('skips modules built into the kernel', () => {
    expect(names(['crc32c_generic', 'virtio_ring'])).toEqual(['virtio_ring']);
  });

  it('treats - and _ in module names alike', () => {
    expect(names(['virtio-ring'])).toEqual(['virtio_ring']);
  });

  it('survives a dependency cycle', () => {
    expect(names(['a'])).toEqual(['b', 'a']);
  });

  it('names a missing module and the chain that wanted it', () => {
    expect(() => names(['needs_ghost'])).toThrow(GuestImageError);
    expect(() => names(['needs_ghost'])).toThrow(/ghost \(needs_ghost → ghost\)/);
  });
});
