import { rm } from 'node:fs/promises';
import { runLoggedTool } from './run-logged-tool.ts';

/** What {@link makeExt4Disk} makes, and from what. */
export interface MakeExt4DiskOptions {
  /** The directory that becomes the filesystem's root (owners, modes and xattrs are kept). */
  readonly root: string;
  /** The qcow2 file to write; a raw scratch file `OUTPUT.raw` is made and removed beside it. */
  readonly output: string;
  readonly sizeMiB: number;
  readonly label: string;
}

/**
 * Makes a compressed qcow2 disk holding one ext4 filesystem (no partition table) with the
 * contents of a directory: `mke2fs -d` writes the filesystem into a sparse raw file without
 * mounting anything (no loop device), and `qemu-img convert -c` keeps only the used blocks.
 * Resolves with the disk's virtual size in bytes; a tool failure is a ToolFailure.
 */
export async function makeExt4Disk(options: MakeExt4DiskOptions): Promise<{ virtualSize: number }> {
  const raw = `${options.output}.raw`;
  try {
    await rm(raw, { force: true });
    await runLoggedTool('mke2fs', [
      ...['-q', '-F', '-t', 'ext4', '-L', options.label, '-d', options.root],
      raw,
      `${options.sizeMiB}M`,
    ]);
    await runLoggedTool('qemu-img', [
      'convert',
      '-c',
      '-f',
      'raw',
      '-O',
      'qcow2',
      raw,
      options.output,
    ]);
  } finally {
    await rm(raw, { force: true });
  }
  return { virtualSize: options.sizeMiB * 1024 * 1024 };
}
