import { constants, existsSync, mkdirSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GuestImageError } from './guest-image-error.ts';
import { type DiskCatalogEntry, imagesDir, readCatalogEntry } from './image-catalog.ts';
import { type DiskImageManifest, writeImageManifest } from './image-manifest.ts';
import { LOCAL_REGISTRY, parseImageRef } from './image-ref.ts';
import { runTool, ToolFailure } from './run-tool.ts';

/** What `qemu-img info --output=json` says about a disk file (the fields we use). */
export interface DiskFileInfo {
  readonly format: 'qcow2' | 'raw';
  readonly virtualSize: number;
}

/** Byte patterns that mark a raw file as a disk: MBR/GPT boot signature, ISO 9660, ext2/3/4. */
const rawSignatures: readonly { offset: number; bytes: Buffer }[] = [
  { offset: 510, bytes: Buffer.from([0x55, 0xaa]) },
  { offset: 0x8001, bytes: Buffer.from('CD001') },
  { offset: 1080, bytes: Buffer.from([0x53, 0xef]) },
];

function hasRawSignature(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    return rawSignatures.some(({ offset, bytes }) => {
      const buffer = Buffer.alloc(bytes.length);
      return readSync(fd, buffer, 0, bytes.length, offset) === bytes.length && buffer.equals(bytes);
    });
  } finally {
    closeSync(fd);
  }
}

function checkInfo(file: string, info: Record<string, unknown>): DiskFileInfo {
  const format = info['format'];
  const virtualSize = info['virtual-size'];
  if (typeof virtualSize !== 'number' || virtualSize <= 0)
    throw new GuestImageError(`${file}: qemu-img reports no virtual size; not a disk image`);
  const backing = info['backing-filename'];
  if (backing !== undefined)
    throw new GuestImageError(
      `${file}: has a backing file (${JSON.stringify(backing)}); flatten it first with \`qemu-img convert -O qcow2 ${file} OUT.qcow2\``,
    );
  if (info['encrypted'] === true)
    throw new GuestImageError(`${file}: encrypted images are not supported`);
  if (format === 'qcow2') return { format, virtualSize };
  if (format !== 'raw')
    throw new GuestImageError(
      `${file}: format ${JSON.stringify(format)} is not supported (qcow2 or raw); convert it with \`qemu-img convert -O qcow2 ${file} OUT.qcow2\``,
    );
  // qemu-img calls any file "raw": ask for a disk's shape and a partition table or filesystem.
  if (virtualSize % 512 !== 0 || !hasRawSignature(file))
    throw new GuestImageError(
      `${file}: not a disk image (no qcow2 header, and as a raw disk it has no partition table or known filesystem)`,
    );
  return { format, virtualSize };
}

/**
 * Checks that a file is a usable qcow2 or raw disk image with `qemu-img info --output=json`:
 * no backing file, not encrypted, and, for raw, a partition table or a known filesystem.
 * Anything else is a GuestImageError naming the file.
 */
export async function inspectDiskFile(file: string): Promise<DiskFileInfo> {
  if (!existsSync(file)) throw new GuestImageError(`${file}: no such file`);
  if (!statSync(file).isFile()) throw new GuestImageError(`${file}: not a regular file`);
  let output;
  try {
    output = await runTool('qemu-img', ['info', '--output=json', file]);
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    throw new GuestImageError(`${file}: qemu-img cannot read it: ${error.stderr.trim()}`);
  }
  let info: unknown;
  try {
    info = JSON.parse(output.stdout);
  } catch {
    throw new GuestImageError(`${file}: qemu-img printed no JSON`);
  }
  if (typeof info !== 'object' || info === null)
    throw new GuestImageError(`${file}: qemu-img printed no JSON object`);
  return checkInfo(file, info as Record<string, unknown>);
}

const reserved = [`${LOCAL_REGISTRY}/tiny`];

/**
 * Copies (reflinks where the filesystem can) a qcow2 or raw disk file into the local catalog
 * under `reference`, replacing an earlier import of the same reference. A bad reference, a file
 * that is not a disk image, or a reference owned by a built kernel image is a GuestImageError.
 */
export async function importImage(options: {
  reference: string;
  file: string;
  dataDir: string;
}): Promise<DiskCatalogEntry> {
  const parsed = parseImageRef(options.reference);
  if (!parsed.ok) throw new GuestImageError(parsed.message);
  const { normalized, dirName } = parsed.ref;
  if (reserved.includes(normalized))
    throw new GuestImageError(
      `${normalized} is built by \`podvisor images build\`, not imported; choose another reference`,
    );
  const file = resolve(options.file);
  const info = await inspectDiskFile(file);
  const dir = join(imagesDir(options.dataDir), dirName);
  mkdirSync(dir, { recursive: true });
  const disk = `disk.${info.format === 'qcow2' ? 'qcow2' : 'img'}`;
  const temporary = join(dir, `${disk}.${process.pid}.tmp`);
  try {
    await copyFile(file, temporary, constants.COPYFILE_FICLONE);
    await rename(temporary, join(dir, disk));
  } finally {
    await rm(temporary, { force: true });
  }
  const manifest: DiskImageManifest = {
    ref: normalized,
    kind: 'disk',
    disk,
    format: info.format,
    virtualSize: info.virtualSize,
    source: file,
    builtAt: new Date().toISOString(),
  };
  writeImageManifest(dir, manifest);
  // An earlier import in the other format leaves its file behind otherwise.
  await rm(join(dir, disk === 'disk.qcow2' ? 'disk.img' : 'disk.qcow2'), { force: true });
  const entry = readCatalogEntry(dir);
  if (entry.kind !== 'disk') throw new GuestImageError(`${dir}: not a disk image after import`);
  return entry;
}
