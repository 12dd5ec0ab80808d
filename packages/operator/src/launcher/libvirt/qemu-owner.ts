import { readFile } from 'node:fs/promises';
import { LibvirtStartError } from './libvirt-start-error.ts';
import { defaultQemuUser, type QemuUser } from './private-libvirt-config.ts';

/** Numeric owner of files QEMU must open. */
export interface FileOwner {
  readonly uid: number;
  readonly gid: number;
}

function field(text: string, name: string, index: number): number | undefined {
  for (const line of text.split('\n')) {
    const parts = line.split(':');
    if (parts[0] === name) {
      const value = Number(parts[index]);
      return Number.isInteger(value) ? value : undefined;
    }
  }
  return undefined;
}

/**
 * The uid and gid of the QEMU user and group, from passwd and group file texts; a
 * LibvirtStartError names the one that does not exist.
 */
export function qemuOwnerFrom(passwd: string, group: string, user: QemuUser): FileOwner {
  const uid = field(passwd, user.user, 2);
  if (uid === undefined) throw new LibvirtStartError(`the QEMU user '${user.user}' does not exist`);
  const gid = field(group, user.group, 2);
  if (gid === undefined)
    throw new LibvirtStartError(`the QEMU group '${user.group}' does not exist`);
  return { uid, gid };
}

/** The uid and gid QEMU runs as (default `libvirt-qemu`), from /etc/passwd and /etc/group. */
export async function lookupQemuOwner(user: QemuUser = defaultQemuUser): Promise<FileOwner> {
  const [passwd, group] = await Promise.all([
    readFile('/etc/passwd', 'utf8'),
    readFile('/etc/group', 'utf8'),
  ]);
  return qemuOwnerFrom(passwd, group, user);
}
