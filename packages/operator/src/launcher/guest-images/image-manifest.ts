import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuestImageError } from './guest-image-error.ts';

/** Each image directory's description of itself; the catalog is the set of these files. */
export const MANIFEST_FILE = 'manifest.json';

/** A package that went into a built image, at the exact version apt resolved. */
export interface ManifestPackage {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
}

/** Which recipe built an image, and the hash of its inputs (the cache key). */
export interface RecipeStamp {
  readonly name: string;
  readonly version: number;
  readonly hash: string;
}

/** A kernel and initramfs booted with kernelBoot (`podvisor images build tiny`). */
export interface KernelImageManifest {
  readonly ref: string;
  readonly kind: 'kernel';
  /** File names inside the image directory. */
  readonly kernel: string;
  readonly initrd: string;
  readonly cmdline: string;
  readonly kernelVersion: string;
  readonly recipe: RecipeStamp;
  readonly packages: readonly ManifestPackage[];
  /** ISO 8601. */
  readonly builtAt: string;
}

/**
 * A disk file (`podvisor images import REF FILE`), or a built disk (`podvisor images build
 * debian`) that also carries the kernel and initramfs to boot it with (direct kernel boot: the
 * disk has no bootloader) and what it was built from.
 */
export interface DiskImageManifest {
  readonly ref: string;
  readonly kind: 'disk';
  /** File name inside the image directory. */
  readonly disk: string;
  readonly format: 'qcow2' | 'raw';
  readonly virtualSize: number;
  /** The file it was imported from, or how it was built. */
  readonly source: string;
  readonly builtAt: string;
  /** File names inside the image directory; both or neither. */
  readonly kernel?: string;
  readonly initrd?: string;
  /** The kernel command line the disk needs (its root filesystem, consoles). */
  readonly cmdline?: string;
  readonly kernelVersion?: string;
  readonly recipe?: RecipeStamp;
  readonly packages?: readonly ManifestPackage[];
}

/** What manifest.json holds. */
export type ImageManifest = KernelImageManifest | DiskImageManifest;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badField(value: Record<string, unknown>): string | undefined {
  if (value['kind'] === 'kernel') {
    const missing = ['ref', 'kernel', 'initrd', 'cmdline', 'builtAt'].find(
      (key) => typeof value[key] !== 'string',
    );
    return missing === undefined ? undefined : `field ${missing} is missing or not a string`;
  }
  const missing = ['ref', 'disk', 'format', 'builtAt'].find(
    (key) => typeof value[key] !== 'string',
  );
  if (missing !== undefined) return `field ${missing} is missing or not a string`;
  const optional = ['kernel', 'initrd', 'cmdline'].find(
    (key) => key in value && typeof value[key] !== 'string',
  );
  if (optional !== undefined) return `field ${optional} is not a string`;
  if ('kernel' in value !== 'initrd' in value)
    return 'fields kernel and initrd go together: one is missing';
  return undefined;
}

/** Reads and checks `DIR/manifest.json`; a missing or malformed file is an error naming it. */
export function readImageManifest(dir: string): ImageManifest {
  const file = join(dir, MANIFEST_FILE);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GuestImageError(`${file}: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  if (!isRecord(value) || (value['kind'] !== 'kernel' && value['kind'] !== 'disk'))
    throw new GuestImageError(`${file}: not an image manifest (kind must be kernel or disk)`);
  const bad = badField(value);
  if (bad !== undefined) throw new GuestImageError(`${file}: ${bad}`);
  return value as unknown as ImageManifest;
}

/** Writes `DIR/manifest.json` atomically (a reader sees the old or the new manifest). */
export function writeImageManifest(dir: string, manifest: ImageManifest): void {
  const file = join(dir, MANIFEST_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temporary, file);
}
