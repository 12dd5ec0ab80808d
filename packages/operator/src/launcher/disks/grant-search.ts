import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileOwner } from '../libvirt/index.ts';
import { DiskPreparationError } from './disk-preparation-error.ts';

/** The directories from `/` down to `path` (itself included), outermost first. */
export function ancestorsOf(path: string): string[] {
  const chain: string[] = [];
  for (let dir = path; ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) return chain;
  }
}

/** Whether `owner` may traverse a directory with these mode bits and ownership. */
export function maySearch(
  dir: { readonly mode: number; readonly uid: number; readonly gid: number },
  owner: FileOwner,
): boolean {
  if (owner.uid === dir.uid) return (dir.mode & 0o100) !== 0;
  if (owner.gid === dir.gid) return (dir.mode & 0o010) !== 0;
  return (dir.mode & 0o001) !== 0;
}

function setfacl(dir: string, uid: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('setfacl', ['-m', `u:${String(uid)}:x`, dir], (error, _stdout, stderr) => {
      if (error === null) {
        resolve();
        return;
      }
      const problem =
        error.code === 'ENOENT'
          ? `setfacl is not installed (Debian package acl); QEMU's user cannot reach ${dir}`
          : `setfacl on ${dir} failed: ${stderr.trim() || error.message}`;
      reject(
        new DiskPreparationError({ field: 'spec.volumes', reason: 'DiskCreationFailed', problem }),
      );
    });
  });
}

/**
 * Lets QEMU's user reach `path`: every ancestor it cannot traverse gets an ACL entry granting
 * that user search (x) permission only — no listing, nothing for anyone else, as virt-manager
 * does for disk images in home directories. The embedded cluster keeps pods deep in a private
 * data directory (`~/.podvisor/nodes/<node>/pods/<uid>/…`, 0700), which QEMU, not root, must
 * traverse to open its sockets and disks. A directory QEMU can traverse by its mode bits is left
 * alone; granting again is harmless (setfacl replaces the entry).
 */
export async function grantSearch(path: string, owner: FileOwner): Promise<void> {
  for (const dir of ancestorsOf(path)) {
    const info = await stat(dir);
    if (!maySearch(info, owner)) await setfacl(dir, owner.uid);
  }
}
