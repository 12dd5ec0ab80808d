import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GuestImageError } from './guest-image-error.ts';
import {
  type DiskImageManifest,
  type ImageManifest,
  MANIFEST_FILE,
  readImageManifest,
} from './image-manifest.ts';
import { LOCAL_REGISTRY, parseImageRef } from './image-ref.ts';

/** A kernel and initramfs to boot with kernelBoot; paths are absolute. */
export interface KernelCatalogEntry {
  readonly kind: 'kernel';
  readonly ref: string;
  readonly kernel: string;
  readonly initrd: string;
  /** The kernel command line the image expects (consoles, panic behaviour). */
  readonly cmdline: string;
  /** Bytes on disk. */
  readonly size: number;
  readonly builtAt: string;
}

/**
 * A disk file to put behind a copy-on-write overlay; paths are absolute. A built disk without a
 * bootloader (`podvisor images build debian`) also names the kernel, initramfs and command line
 * to boot it with, as kernelBoot would.
 */
export interface DiskCatalogEntry {
  readonly kind: 'disk';
  readonly ref: string;
  readonly path: string;
  readonly format: 'qcow2' | 'raw';
  readonly virtualSize: number;
  /** Bytes on disk, the boot files included. */
  readonly size: number;
  readonly builtAt: string;
  readonly kernel?: string;
  readonly initrd?: string;
  readonly cmdline?: string;
}

/** One image of the local containerDisk catalog. */
export type CatalogEntry = KernelCatalogEntry | DiskCatalogEntry;

/** Why an image reference cannot be used, in the kubelet's words (`reason`) and ours (`message`). */
export interface ImageResolutionError {
  readonly reason: 'ErrImagePull' | 'InvalidImageName';
  readonly message: string;
}

/** The directory of the local catalog: `DATA_DIR/images`. */
export function imagesDir(dataDir: string): string {
  return join(dataDir, 'images');
}

function fileSize(path: string): number {
  if (!existsSync(path)) throw new GuestImageError(`${path} is missing`);
  return statSync(path).size;
}

function diskEntryOf(dir: string, manifest: DiskImageManifest): DiskCatalogEntry {
  const path = join(dir, manifest.disk);
  const entry: DiskCatalogEntry = {
    kind: 'disk',
    ref: manifest.ref,
    path,
    format: manifest.format,
    virtualSize: manifest.virtualSize,
    size: fileSize(path),
    builtAt: manifest.builtAt,
  };
  if (manifest.kernel === undefined || manifest.initrd === undefined) return entry;
  const kernel = join(dir, manifest.kernel);
  const initrd = join(dir, manifest.initrd);
  return {
    ...entry,
    size: entry.size + fileSize(kernel) + fileSize(initrd),
    kernel,
    initrd,
    ...(manifest.cmdline === undefined ? {} : { cmdline: manifest.cmdline }),
  };
}

function entryOf(dir: string, manifest: ImageManifest): CatalogEntry {
  if (manifest.kind === 'kernel') {
    const kernel = join(dir, manifest.kernel);
    const initrd = join(dir, manifest.initrd);
    return {
      kind: 'kernel',
      ref: manifest.ref,
      kernel,
      initrd,
      cmdline: manifest.cmdline,
      size: fileSize(kernel) + fileSize(initrd),
      builtAt: manifest.builtAt,
    };
  }
  return diskEntryOf(dir, manifest);
}

/** Reads one image directory; a broken manifest or a missing file is a GuestImageError. */
export function readCatalogEntry(dir: string): CatalogEntry {
  return entryOf(dir, readImageManifest(dir));
}

/**
 * Every usable image in `DATA_DIR/images`, sorted by reference. Directories without a
 * manifest (a build in progress, the download cache) and broken ones are left out.
 */
export function listImages(dataDir: string): CatalogEntry[] {
  const root = imagesDir(dataDir);
  if (!existsSync(root)) return [];
  const entries: CatalogEntry[] = [];
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (name.startsWith('.') || !existsSync(join(dir, MANIFEST_FILE))) continue;
    try {
      entries.push(readCatalogEntry(dir));
    } catch (error) {
      if (!(error instanceof GuestImageError)) throw error;
    }
  }
  return entries.sort((a, b) => a.ref.localeCompare(b.ref));
}

/** How to get an image that is not in the catalog. */
export function howToGet(normalized: string): string {
  if (normalized === `${LOCAL_REGISTRY}/tiny`) return 'build it with `podvisor images build tiny`';
  if (normalized === `${LOCAL_REGISTRY}/debian`)
    return 'build it with `podvisor images build debian` (as root; it takes a few minutes)';
  return `import a qcow2 or raw disk with \`podvisor images import ${normalized} FILE\``;
}

/**
 * Resolves a VMI's containerDisk (or kernelBoot container) image against the local catalog:
 * the catalog entry, or an ErrImagePull/InvalidImageName error whose message says how to build
 * or import the image. Registries are never contacted.
 */
export function resolveContainerDisk(
  reference: string,
  dataDir: string,
): { ok: true; entry: CatalogEntry } | ({ ok: false } & ImageResolutionError) {
  const parsed = parseImageRef(reference);
  if (!parsed.ok) return { ok: false, reason: 'InvalidImageName', message: parsed.message };
  const { normalized, dirName } = parsed.ref;
  const dir = join(imagesDir(dataDir), dirName);
  if (!existsSync(join(dir, MANIFEST_FILE)))
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: `image ${reference} is not in the local catalog (${imagesDir(dataDir)}): ${howToGet(normalized)}`,
    };
  try {
    return { ok: true, entry: readCatalogEntry(dir) };
  } catch (error) {
    if (!(error instanceof GuestImageError)) throw error;
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: `image ${reference} is broken in the local catalog (${error.message}): ${howToGet(normalized)}`,
    };
  }
}
