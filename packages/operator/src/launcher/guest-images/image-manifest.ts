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

/** A kernel and initramfs booted with kernelBoot (`podvisor images build tiny`). */
export interface KernelImageManifest {
  readonly ref: string;
  readonly kind: 'kernel';
  /** File names inside the image directory. */
  readonly kernel: string;
  readonly initrd: string;
  readonly cmdline: string;
  readonly kernelVersion: string;
  readonly recipe: { readonly name: string; readonly version: number; readonly hash: string };
  readonly packages: readonly ManifestPackage[];
  /** ISO 8601. */
  readonly builtAt: string;
}

/** A disk file (`podvisor images import REF FILE`). */
export interface DiskImageManifest {
  readonly ref: string;
  readonly kind: 'disk';
  /** File name inside the image directory. */
  readonly disk: string;
  readonly format: 'qcow2' | 'raw';
  readonly virtualSize: number;
  /** The file it was imported from. */
  readonly source: string;
  readonly builtAt: string;
}

/** What manifest.json holds. */
export type ImageManifest = KernelImageManifest | DiskImageManifest;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function missingField(value: Record<string, unknown>): string | undefined {
  const required =
    value['kind'] === 'kernel'
      ? ['ref', 'kernel', 'initrd', 'cmdline', 'builtAt']
      : ['ref', 'disk', 'format', 'builtAt'];
  return required.find((key) => typeof value[key] !== 'string');
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
  const missing = missingField(value);
  if (missing !== undefined)
    throw new GuestImageError(`${file}: field ${missing} is missing or not a string`);
  return value as unknown as ImageManifest;
}

/** Writes `DIR/manifest.json` atomically (a reader sees the old or the new manifest). */
export function writeImageManifest(dir: string, manifest: ImageManifest): void {
  const file = join(dir, MANIFEST_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temporary, file);
}
