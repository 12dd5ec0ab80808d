import { chmod, chown, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { IsoFiles } from './cloud-init-files.ts';
import { runDiskTool } from './run-disk-tool.ts';

/** Numeric owner for the files QEMU opens (it does not run as root). */
export interface DiskOwner {
  readonly uid: number;
  readonly gid: number;
}

/** Restricts a file the launcher made to mode 0600 and gives it to `owner`. */
export async function secureFile(path: string, owner: DiskOwner | undefined): Promise<void> {
  await chmod(path, 0o600);
  if (owner !== undefined) await chown(path, owner.uid, owner.gid);
}

/** A qcow2 overlay on `base`: QEMU writes to the overlay, the base is never changed. */
export async function createOverlay(options: {
  base: string;
  baseFormat: 'qcow2' | 'raw';
  overlay: string;
  field: string;
}): Promise<void> {
  await rm(options.overlay, { force: true });
  await runDiskTool(
    'qemu-img',
    ['create', '-q', '-f', 'qcow2', '-F', options.baseFormat, '-b', options.base, options.overlay],
    options.field,
  );
}

/** A sparse qcow2 disk of `bytes`. */
export async function createQcow2(path: string, bytes: number, field: string): Promise<void> {
  await rm(path, { force: true });
  await runDiskTool('qemu-img', ['create', '-q', '-f', 'qcow2', path, String(bytes)], field);
}

/** A sparse raw file of `bytes` (the parent directory is created). */
export async function createRawFile(path: string, bytes: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.truncate(bytes);
  } finally {
    await handle.close();
  }
}

/**
 * An ISO 9660 image (Joliet and Rock Ridge, as cloud-init expects) labelled `volid` holding
 * `files`, built by genisoimage from a staging directory that is removed afterwards.
 */
export async function createIso(options: {
  path: string;
  volid: string;
  files: IsoFiles;
  field: string;
}): Promise<void> {
  const staging = `${options.path}.d`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [name, content] of Object.entries(options.files)) {
      const file = join(staging, name);
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, content, { mode: 0o600 });
    }
    await rm(options.path, { force: true });
    await runDiskTool(
      'genisoimage',
      ['-quiet', '-output', options.path, '-volid', options.volid, '-joliet', '-rock', staging],
      options.field,
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
