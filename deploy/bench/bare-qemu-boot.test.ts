import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guestBanner, readTinyImage, waitInFile } from './bare-qemu-boot.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bare-qemu-boot-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readTinyImage', () => {
  it('resolves the kernel and initramfs against the image directory', () => {
    const image = join(dir, 'images', 'tiny');
    mkdirSync(image, { recursive: true });
    const manifest = { kind: 'kernel', kernel: 'vmlinuz', initrd: 'initrd.img', cmdline: 'c=1' };
    writeFileSync(join(image, 'manifest.json'), JSON.stringify(manifest));
    expect(readTinyImage(dir)).toEqual({
      kernel: join(image, 'vmlinuz'),
      initrd: join(image, 'initrd.img'),
      cmdline: 'c=1',
    });
  });

  it('refuses a manifest that is not a kernel image', () => {
    const image = join(dir, 'images', 'tiny');
    mkdirSync(image, { recursive: true });
    writeFileSync(join(image, 'manifest.json'), JSON.stringify({ kind: 'disk', disk: 'd.qcow2' }));
    expect(() => readTinyImage(dir)).toThrow(/not a kernel image/);
  });
});

describe('waitInFile', () => {
  it('resolves once a line that appears later matches, even if the file did not exist', async () => {
    const file = join(dir, 'serial.log');
    setTimeout(() => {
      appendFileSync(file, 'booting\nPodvisor tiny guest: 6.1\n');
    }, 30);
    const before = Date.now();
    const at = await waitInFile(file, guestBanner, { timeoutMs: 5_000 });
    expect(at).toBeGreaterThanOrEqual(before + 20);
  });

  it('gives up after the timeout, naming the pattern', async () => {
    await expect(waitInFile(join(dir, 'none'), guestBanner, { timeoutMs: 30 })).rejects.toThrow(
      /Podvisor tiny guest/,
    );
  });

  it('stops when told to', async () => {
    await expect(
      waitInFile(join(dir, 'none'), guestBanner, { timeoutMs: 5_000, stopped: () => true }),
    ).rejects.toThrow(/stopped/);
  });
});
