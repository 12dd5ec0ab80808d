import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listImages, resolveContainerDisk } from './image-catalog.ts';
import { type ImageManifest, writeImageManifest } from './image-manifest.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'catalog-test-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function addImage(dirName: string, manifest: ImageManifest, files: Record<string, string>): string {
  const dir = join(dataDir, 'images', dirName);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeImageManifest(dir, manifest);
  return dir;
}

const tiny: ImageManifest = {
  ref: 'podvisor.local/tiny',
  kind: 'kernel',
  kernel: 'vmlinuz',
  initrd: 'initrd.gz',
  cmdline: 'console=ttyS0',
  kernelVersion: '6.1.0-56-cloud-amd64',
  recipe: { name: 'tiny', version: 1, hash: 'abc' },
  packages: [],
  builtAt: '2026-11-25T20:00:00.000Z',
};
const fedora: ImageManifest = {
  ref: 'quay.io/containerdisks/fedora:39',
  kind: 'disk',
  disk: 'disk.qcow2',
  format: 'qcow2',
  virtualSize: 1 << 30,
  source: '/tmp/fedora.qcow2',
  builtAt: '2026-11-25T20:00:00.000Z',
};

const debian: ImageManifest = {
  ref: 'podvisor.local/debian',
  kind: 'disk',
  disk: 'disk.qcow2',
  format: 'qcow2',
  virtualSize: 2 << 30,
  source: 'podvisor images build debian',
  builtAt: '2026-11-25T21:00:00.000Z',
  kernel: 'vmlinuz',
  initrd: 'initrd.img',
  cmdline: 'root=LABEL=podvisor-root console=ttyS0',
  kernelVersion: '6.1.0-56-cloud-amd64',
  recipe: { name: 'debian', version: 1, hash: 'abc' },
  packages: [],
};

describe('resolveContainerDisk', () => {
  it.each(['podvisor.local/tiny', 'podvisor.local/tiny:latest'])(
    'resolves %s to the kernel and initrd of the tiny image',
    (ref) => {
      const dir = addImage('tiny', tiny, { vmlinuz: 'kernel!', 'initrd.gz': 'initrd' });
      expect(resolveContainerDisk(ref, dataDir)).toEqual({
        ok: true,
        entry: {
          kind: 'kernel',
          ref: 'podvisor.local/tiny',
          kernel: join(dir, 'vmlinuz'),
          initrd: join(dir, 'initrd.gz'),
          cmdline: 'console=ttyS0',
          size: 13,
          builtAt: tiny.builtAt,
        },
      });
    },
  );

  it('resolves an imported disk to its file and format', () => {
    const dir = addImage('quay.io+containerdisks+fedora=39', fedora, { 'disk.qcow2': 'q' });
    const resolved = resolveContainerDisk('quay.io/containerdisks/fedora:39', dataDir);
    expect(resolved).toMatchObject({
      ok: true,
      entry: { kind: 'disk', path: join(dir, 'disk.qcow2'), format: 'qcow2', virtualSize: 1 << 30 },
    });
  });

  it.each([
    ['podvisor.local/tiny', 'podvisor images build tiny'],
    ['podvisor.local/debian', 'podvisor images build debian'],
    ['quay.io/x/y:1', 'podvisor images import quay.io/x/y:1 FILE'],
  ])('refuses an unknown %s with ErrImagePull saying how to get it (%s)', (ref, hint) => {
    const resolved = resolveContainerDisk(ref, dataDir);
    expect(resolved).toMatchObject({ ok: false, reason: 'ErrImagePull' });
    if (!resolved.ok) {
      expect(resolved.message).toContain(hint);
      expect(resolved.message).toContain(`image ${ref} is not in the local catalog`);
    }
  });

  it('resolves a built disk to its file and the kernel, initramfs and command line that boot it', () => {
    const dir = addImage('debian', debian, {
      'disk.qcow2': 'disk',
      vmlinuz: 'kernel',
      'initrd.img': 'initrd',
    });
    expect(resolveContainerDisk('podvisor.local/debian', dataDir)).toEqual({
      ok: true,
      entry: {
        kind: 'disk',
        ref: 'podvisor.local/debian',
        path: join(dir, 'disk.qcow2'),
        format: 'qcow2',
        virtualSize: 2 << 30,
        size: 16,
        builtAt: debian.builtAt,
        kernel: join(dir, 'vmlinuz'),
        initrd: join(dir, 'initrd.img'),
        cmdline: 'root=LABEL=podvisor-root console=ttyS0',
      },
    });
  });

  it('refuses a built disk whose initramfs is gone, naming it', () => {
    const dir = addImage('debian', debian, { 'disk.qcow2': 'disk', vmlinuz: 'kernel' });
    const resolved = resolveContainerDisk('podvisor.local/debian', dataDir);
    expect(resolved).toMatchObject({ ok: false, reason: 'ErrImagePull' });
    if (!resolved.ok) expect(resolved.message).toContain(join(dir, 'initrd.img'));
  });

  it('refuses a malformed reference with InvalidImageName', () => {
    expect(resolveContainerDisk('Not An Image', dataDir)).toMatchObject({
      ok: false,
      reason: 'InvalidImageName',
    });
  });

  it('refuses an image whose files are gone, naming the missing file', () => {
    const dir = addImage('tiny', tiny, { vmlinuz: 'kernel!' });
    const resolved = resolveContainerDisk('podvisor.local/tiny', dataDir);
    expect(resolved).toMatchObject({ ok: false, reason: 'ErrImagePull' });
    if (!resolved.ok) expect(resolved.message).toContain(join(dir, 'initrd.gz'));
  });

  it('refuses an image whose manifest is not JSON, naming the manifest', () => {
    const dir = join(dataDir, 'images', 'tiny');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), '{not json');
    const resolved = resolveContainerDisk('podvisor.local/tiny', dataDir);
    if (resolved.ok) throw new Error('expected a failure');
    expect(resolved.message).toContain(join(dir, 'manifest.json'));
  });
});

describe('listImages', () => {
  it('lists usable images sorted by reference, skipping the cache and broken directories', () => {
    addImage('tiny', tiny, { vmlinuz: 'k', 'initrd.gz': 'i' });
    addImage('quay.io+containerdisks+fedora=39', fedora, { 'disk.qcow2': 'q' });
    addImage('broken', { ...fedora, ref: 'podvisor.local/broken' }, {});
    mkdirSync(join(dataDir, 'images', '.cache'), { recursive: true });
    expect(listImages(dataDir).map((e) => [e.ref, e.kind])).toEqual([
      ['podvisor.local/tiny', 'kernel'],
      ['quay.io/containerdisks/fedora:39', 'disk'],
    ]);
  });

  it('is empty when nothing was built or imported', () => {
    expect(listImages(dataDir)).toEqual([]);
  });
});
