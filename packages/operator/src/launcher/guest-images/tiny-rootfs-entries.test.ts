import { describe, expect, it } from 'vitest';
import { tinyRootfsEntries } from './tiny-rootfs-entries.ts';

const entries = tinyRootfsEntries({
  busybox: Buffer.from('BB'),
  applets: ['busybox', 'sh', 'init', 'serial-shell', '['],
  modules: [
    { name: 'virtio_ring', data: Buffer.from('r') },
    { name: 'virtio', data: Buffer.from('v') },
  ],
  files: [
    { path: 'init', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
    { path: 'bin/serial-shell', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
    { path: 'etc/acpi/PWRF/00000080', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
  ],
});
const byPath = new Map(entries.map((e) => [e.path, e]));

describe('tinyRootfsEntries', () => {
  it('links each busybox applet except busybox itself', () => {
    expect(byPath.get('bin/sh')).toEqual({ type: 'symlink', path: 'bin/sh', target: 'busybox' });
    expect(byPath.get('bin/[')).toMatchObject({ type: 'symlink' });
    expect(byPath.get('bin/busybox')).toMatchObject({ type: 'file', mode: 0o755 });
  });

  it("lets the recipe's own files win over an applet of the same name", () => {
    expect(byPath.get('bin/serial-shell')).toMatchObject({ type: 'file' });
    expect(entries.filter((e) => e.path === 'bin/serial-shell')).toHaveLength(1);
  });

  it('writes the modules and their load order', () => {
    const order = byPath.get('lib/modules/load-order');
    expect(order?.type === 'file' && order.data.toString()).toBe('virtio_ring\nvirtio\n');
    expect(byPath.get('lib/modules/virtio.ko')).toMatchObject({ type: 'file' });
  });

  it('creates every parent directory before its members, and /dev/console', () => {
    const seen = new Set<string>();
    for (const entry of entries) {
      const parent = entry.path.split('/').slice(0, -1).join('/');
      if (parent !== '') expect(seen.has(parent), `${entry.path} before ${parent}`).toBe(true);
      seen.add(entry.path);
    }
    expect(byPath.get('dev/console')).toMatchObject({ type: 'char-device', major: 5, minor: 1 });
  });
});
