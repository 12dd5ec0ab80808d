import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GuestImageError } from './guest-image-error.ts';
import { resolveContainerDisk } from './image-catalog.ts';
import { importImage, inspectDiskFile } from './import-image.ts';

const hasQemuImg = (() => {
  try {
    execFileSync('qemu-img', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'import-test-'));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function qcow2(name: string, extra: readonly string[] = []): string {
  const path = join(scratch, name);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', ...extra, path, '64M']);
  return path;
}

function rawWithPartitionTable(name: string): string {
  const data = Buffer.alloc(1024 * 1024);
  data[510] = 0x55;
  data[511] = 0xaa;
  const path = join(scratch, name);
  writeFileSync(path, data);
  return path;
}

describe.skipIf(!hasQemuImg)('importImage', () => {
  it('copies a qcow2 file into the catalog, where the reference resolves to it', async () => {
    const source = qcow2('disk.qcow2');
    const dataDir = join(scratch, 'data');
    const entry = await importImage({ reference: 'quay.io/me/disk:1', file: source, dataDir });
    expect(entry).toMatchObject({
      kind: 'disk',
      ref: 'quay.io/me/disk:1',
      format: 'qcow2',
      virtualSize: 64 << 20,
    });
    expect(readFileSync(entry.path).equals(readFileSync(source))).toBe(true);
    expect(resolveContainerDisk('quay.io/me/disk:1', dataDir)).toEqual({ ok: true, entry });
  });

  it('accepts a raw disk with a partition table', async () => {
    const dataDir = join(scratch, 'data');
    const entry = await importImage({
      reference: 'podvisor.local/debian',
      file: rawWithPartitionTable('d.img'),
      dataDir,
    });
    expect(entry).toMatchObject({ kind: 'disk', format: 'raw', ref: 'podvisor.local/debian' });
    expect(resolveContainerDisk('podvisor.local/debian:latest', dataDir)).toMatchObject({
      ok: true,
    });
  });

  it('replaces an earlier import of the same reference, leaving one disk file', async () => {
    const dataDir = join(scratch, 'data');
    const first = await importImage({ reference: 'r.io/d', file: qcow2('a.qcow2'), dataDir });
    const second = await importImage({
      reference: 'r.io/d',
      file: rawWithPartitionTable('b.img'),
      dataDir,
    });
    expect(second.format).toBe('raw');
    expect(existsSync(first.path)).toBe(false);
  });

  it.each<[string, () => string, RegExp]>([
    [
      'a text file',
      () => {
        const path = join(scratch, 'notes.txt');
        writeFileSync(path, 'hello, not a disk\n'.repeat(100));
        return path;
      },
      /notes\.txt: not a disk image/,
    ],
    [
      'an empty file',
      () => {
        const path = join(scratch, 'empty.img');
        writeFileSync(path, '');
        return path;
      },
      /empty\.img: qemu-img reports no virtual size/,
    ],
    ['a missing file', () => join(scratch, 'nope.qcow2'), /nope\.qcow2: no such file/],
    ['a directory', () => scratch, /not a regular file/],
    [
      'a qcow2 with a backing file',
      () => qcow2('overlay.qcow2', ['-b', qcow2('base.qcow2'), '-F', 'qcow2']),
      /overlay\.qcow2: has a backing file/,
    ],
    [
      'a vmdk',
      () => {
        const path = join(scratch, 'disk.vmdk');
        execFileSync('qemu-img', ['create', '-q', '-f', 'vmdk', path, '1M']);
        return path;
      },
      /disk\.vmdk: format "vmdk" is not supported/,
    ],
  ])('refuses %s, naming the file', async (_what, make, message) => {
    const dataDir = join(scratch, 'data');
    const file = make();
    await expect(importImage({ reference: 'r.io/x', file, dataDir })).rejects.toThrow(message);
    expect(resolveContainerDisk('r.io/x', dataDir)).toMatchObject({ ok: false });
  });

  it.each([
    ['podvisor.local/tiny:latest', /built by `podvisor images build`/],
    ['Bad Ref', /"Bad Ref" is not a valid image reference/],
  ])('refuses the reference %s', async (reference, message) => {
    const file = qcow2('d.qcow2');
    await expect(importImage({ reference, file, dataDir: join(scratch, 'data') })).rejects.toThrow(
      message,
    );
  });
});

describe.skipIf(!hasQemuImg)('inspectDiskFile', () => {
  it('reports the format and virtual size', async () => {
    await expect(inspectDiskFile(qcow2('x.qcow2'))).resolves.toEqual({
      format: 'qcow2',
      virtualSize: 64 << 20,
    });
  });

  it('throws GuestImageError for a non-image', async () => {
    const path = join(scratch, 'x.txt');
    writeFileSync(path, 'text');
    await expect(inspectDiskFile(path)).rejects.toBeInstanceOf(GuestImageError);
  });
});
