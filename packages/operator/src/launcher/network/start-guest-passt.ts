import { chown, mkdir, rm } from 'node:fs/promises';
import type { Logger } from '@podvisor/kube/process';
import type { LibvirtInterface } from '../domain/index.ts';
import type { FileOwner } from '../libvirt/index.ts';
import { passtArgs } from './passt-args.ts';
import { passtPaths } from './passt-paths.ts';
import { type RunningPasst, startPasst } from './start-passt.ts';

/** Options of {@link startGuestPasst}. */
export interface GuestPasstOptions {
  readonly passtPath: string;
  /** The guest's NIC (`passt-socket`). */
  readonly nic: LibvirtInterface;
  /** The private libvirtd's run directory, as the launcher sees it. */
  readonly libvirtRun: string;
  /** QEMU's user: passt runs as it, so that QEMU may connect to its socket. */
  readonly owner: FileOwner;
  readonly openFileLimit?: number;
  readonly logger: Logger;
}

/**
 * Starts the guest's passt before QEMU: a fresh `<libvirt run>/passt/` (0700, QEMU's user's),
 * passt running as that user with the NIC's port forwards, resolving once its socket exists.
 */
export async function startGuestPasst(options: GuestPasstOptions): Promise<RunningPasst> {
  const paths = passtPaths(options.libvirtRun);
  await rm(paths.dir, { recursive: true, force: true });
  await mkdir(paths.dir, { mode: 0o700 });
  await chown(paths.dir, options.owner.uid, options.owner.gid);
  const plan = passtArgs({
    nic: options.nic,
    socket: paths.socket,
    runAs: options.owner,
    ...(options.openFileLimit === undefined ? {} : { openFileLimit: options.openFileLimit }),
  });
  for (const note of plan.notes) options.logger.warn({ note }, 'passt forwards fewer ports');
  const passt = await startPasst({
    passtPath: options.passtPath,
    args: plan.args,
    socket: paths.socket,
  });
  options.logger.info({ pid: passt.pid, args: plan.args }, 'passt started');
  return passt;
}
