import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GuestImageError } from './guest-image-error.ts';
import { type ImageManifest, readImageManifest, writeImageManifest } from './image-manifest.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'manifest-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const imported = {
  ref: 'quay.io/x/y:1',
  kind: 'disk',
  disk: 'disk.qcow2',
  format: 'qcow2',
  virtualSize: 1 << 30,
  source: '/tmp/y.qcow2',
  builtAt: '2026-11-25T21:00:00.000Z',
} as const;

function write(value: unknown): void {
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(value));
}

describe('readImageManifest', () => {
  it('reads back a built disk with its boot files and recipe', () => {
    const built: ImageManifest = {
      ...imported,
      kernel: 'vmlinuz',
      initrd: 'initrd.img',
      cmdline: 'root=LABEL=podvisor-root',
      recipe: { name: 'debian', version: 1, hash: 'abc' },
      packages: [{ name: 'cloud-init', version: '22.4.2-1+deb12u4', sha256: 'f00' }],
    };
    writeImageManifest(dir, built);
    expect(readImageManifest(dir)).toEqual(built);
  });

  it('reads an imported disk without boot files', () => {
    write(imported);
    expect(readImageManifest(dir)).toEqual(imported);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a kernel without an initramfs',
      { kernel: 'vmlinuz' },
      'fields kernel and initrd go together: one is missing',
    ],
    [
      'an initramfs without a kernel',
      { initrd: 'i' },
      'fields kernel and initrd go together: one is missing',
    ],
    ['a command line that is not text', { cmdline: 7 }, 'field cmdline is not a string'],
    ['no disk', { disk: undefined }, 'field disk is missing or not a string'],
  ])('refuses a disk manifest with %s, naming the file and field', (_, change, message) => {
    write({ ...imported, ...change });
    const read = (): unknown => readImageManifest(dir);
    expect(read).toThrow(GuestImageError);
    expect(read).toThrow(`${join(dir, 'manifest.json')}: ${message}`);
  });
});
