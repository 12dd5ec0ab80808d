import { chown, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MigrationContext } from './migration-context.ts';
import { migrationSocketNames } from './migrate-args.ts';
import { type MigrationListener, startMigrationListener } from './migration-listener.ts';

/** Inputs of {@link openIncomingMigration}. */
export interface IncomingMigrationOptions {
  readonly context: Omit<MigrationContext, 'virsh' | 'domain'>;
  /** The private libvirtd's socket (the control channel's end). */
  readonly libvirtSocket: string;
  /** The pod IP to listen on. */
  readonly host: string;
  readonly migrationUid: string;
  readonly idleTimeoutMs?: number;
}

/**
 * Readies the target side: `<run>/mig/` for QEMU's incoming memory and NBD sockets (owned by
 * the QEMU user, which creates them), and the migration listener on the pod IP that splices
 * the source's channels to libvirtd and those sockets, answering `info` with this launcher's
 * VM directory and image catalog.
 */
export async function openIncomingMigration(
  options: IncomingMigrationOptions,
): Promise<MigrationListener> {
  const { context } = options;
  const dir = join(context.libvirtRun, 'mig');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { mode: 0o700 });
  await chown(dir, context.owner.uid, context.owner.gid);
  return startMigrationListener({
    host: options.host,
    token: options.migrationUid,
    routes: {
      control: options.libvirtSocket,
      memory: join(dir, migrationSocketNames.memory),
      disks: join(dir, migrationSocketNames.disks),
    },
    info: { vmDir: context.vmDir, imagesDir: context.imagesDir },
    logger: context.logger,
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
  });
}
