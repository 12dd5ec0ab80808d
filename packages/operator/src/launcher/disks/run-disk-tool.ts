import { execFile } from 'node:child_process';
import { DiskPreparationError } from './disk-preparation-error.ts';

const packages: Readonly<Record<string, string>> = {
  'qemu-img': 'qemu-utils',
  genisoimage: 'genisoimage',
};

/**
 * Runs a disk tool (qemu-img, genisoimage) to completion. A failure becomes a
 * DiskPreparationError against `field` with the tool's last words (or the missing package).
 */
export function runDiskTool(file: string, args: readonly string[], field: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error === null) {
        resolve();
        return;
      }
      const problem =
        error.code === 'ENOENT'
          ? `${file} is not installed (Debian package ${packages[file] ?? file})`
          : `${file} failed: ${stderr.trim().split('\n').slice(-3).join(' ') || error.message}`;
      reject(new DiskPreparationError({ field, reason: 'DiskCreationFailed', problem }));
    });
  });
}
