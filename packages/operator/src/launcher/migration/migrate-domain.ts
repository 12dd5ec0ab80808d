import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MigrateParams, MigrationStatus } from '../../protocol/v1/index.ts';
import { VirshError } from '../libvirt/index.ts';
import { type DomJobInfo, parseDomJobInfo } from './domjobinfo.ts';
import {
  completionTimeoutMs,
  hasWritableDisk,
  libvirtRunInside,
  memoryGiB,
  migrateArgs,
  migrationSocketNames,
} from './migrate-args.ts';
import type { MigrationContext } from './migration-context.ts';
import {
  fetchMigrationInfo,
  startMigrationDialer,
  type MigrationTarget,
} from './migration-dialer.ts';
import { isMigrationToken } from './migration-header.ts';
import { parseMigrationTargetUri } from './migration-target-uri.ts';
import { rewriteDomainPaths } from './rewrite-domain-paths.ts';

/** A migration that did not happen; its message is the reason the handler reports. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
}

/** Inputs of {@link migrateDomain}. */
export interface MigrateDomainOptions {
  readonly context: MigrationContext;
  readonly params: MigrateParams;
  /** Progress while it runs, then the outcome. */
  readonly onStatus: (status: MigrationStatus) => void;
  /** Aborting it cancels the migration (`virsh domjobabort`); its reason is the failure reason. */
  readonly signal?: AbortSignal;
}

const progressPollMs = 1000;
const defaultMaxDowntimeMs = 300;

function messageOf(error: unknown): string {
  if (error instanceof VirshError) return error.virshMessage;
  return error instanceof Error ? error.message : String(error);
}

function statusOf(uid: string, phase: MigrationStatus['phase'], job: DomJobInfo): MigrationStatus {
  const { elapsedMs, dataProcessedBytes, dataRemainingBytes, dataTotalBytes, downtimeMs } = job;
  const numbers = { elapsedMs, dataProcessedBytes, dataRemainingBytes, dataTotalBytes, downtimeMs };
  const present = Object.entries(numbers).filter(([, value]) => value !== undefined);
  return { migrationUid: uid, phase, ...Object.fromEntries(present) };
}

/** The target's paths, from its listener's `info` channel. */
async function targetPaths(
  target: MigrationTarget,
  token: string,
): Promise<{ vmDir: string; imagesDir: string }> {
  const info = await fetchMigrationInfo({ target, token });
  const { vmDir, imagesDir } = info;
  if (vmDir === undefined || imagesDir === undefined) {
    throw new MigrationFailedError('the migration target did not tell its vmDir and imagesDir');
  }
  return { vmDir, imagesDir };
}

/** Watches the running job: progress events, max downtime once it runs, the completion timeout. */
class JobWatch {
  readonly #options: MigrateDomainOptions;
  readonly #uid: string;
  #poll: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #downtimeSet = false;
  #done = false;
  /** Why the job was aborted by this side (timeout, cancel), if it was. */
  abortReason: string | undefined;

  constructor(options: MigrateDomainOptions, uid: string) {
    this.#options = options;
    this.#uid = uid;
  }

  start(timeoutMs: number): void {
    this.#poll = setTimeout(() => void this.#tick(), 200);
    this.#deadline = setTimeout(() => void this.#onTimeout(timeoutMs), timeoutMs);
    this.#options.signal?.addEventListener('abort', this.#onAbort);
    if (this.#options.signal?.aborted === true) this.#onAbort();
  }

  stop(): void {
    this.#done = true;
    clearTimeout(this.#poll);
    clearTimeout(this.#deadline);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
  }

  readonly #onAbort = (): void => {
    const reason: unknown = this.#options.signal?.reason;
    void this.abort(typeof reason === 'string' ? reason : 'migration cancelled');
  };

  async #tick(): Promise<void> {
    const { virsh, domain } = this.#options.context;
    try {
      const job = parseDomJobInfo(await virsh.run(['domjobinfo', domain]));
      if (job.type === 'Unbounded' && !this.#done) {
        this.#options.onStatus(statusOf(this.#uid, 'Running', job));
        await this.#setMaxDowntime();
      }
    } catch {
      // The domain may be gone on this side already: the migration is ending.
    }
    if (!this.#done) this.#poll = setTimeout(() => void this.#tick(), progressPollMs);
  }

  async #setMaxDowntime(): Promise<void> {
    if (this.#downtimeSet) return;
    this.#downtimeSet = true;
    const { context, params } = this.#options;
    const ms = params.maxDowntimeMs ?? defaultMaxDowntimeMs;
    await context.virsh
      .run(['migrate-setmaxdowntime', context.domain, String(ms)])
      .catch((error: unknown) => {
        context.logger.warn({ err: error }, 'could not set the maximum downtime');
      });
  }

  async #onTimeout(timeoutMs: number): Promise<void> {
    const { context, params } = this.#options;
    const seconds = Math.round(timeoutMs / 1000);
    if (params.allowPostCopy === true) {
      context.logger.info({ seconds }, 'completion timeout: switching to post-copy');
      await context.virsh.run(['migrate-postcopy', context.domain]).catch(() => undefined);
      return;
    }
    await this.abort(
      `the migration did not complete within ${String(seconds)} s (completionTimeoutPerGiBSeconds ${String(params.completionTimeoutPerGiBSeconds ?? 150)})`,
    );
  }

  /** `virsh domjobabort`, retried while the job has not started yet. */
  async abort(reason: string): Promise<void> {
    this.abortReason ??= reason;
    const { virsh, domain, logger } = this.#options.context;
    logger.warn({ reason }, 'aborting the migration');
    for (let attempt = 0; attempt < 25 && !this.#done; attempt += 1) {
      try {
        await virsh.run(['domjobabort', domain]);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}

/** Runs `virsh migrate` through the dialer's sockets; resolves with the completed job's numbers. */
async function runMigration(
  options: MigrateDomainOptions,
  target: MigrationTarget,
  token: string,
): Promise<DomJobInfo> {
  const { context, params } = options;
  const paths = await targetPaths(target, token);
  const live = await context.virsh.run(['dumpxml', '--migratable', context.domain]);
  const xml = rewriteDomainPaths(live, [
    { from: context.vmDir, to: paths.vmDir },
    { from: context.imagesDir, to: paths.imagesDir },
  ]);
  const dir = join(context.libvirtRun, 'mig');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { mode: 0o700 });
  await chown(dir, context.owner.uid, context.owner.gid);
  const xmlFile = join(dir, 'domain.xml');
  await writeFile(xmlFile, xml, { mode: 0o600 });
  const copyStorage = hasWritableDisk(live);
  const sockets = {
    control: join(dir, migrationSocketNames.control),
    memory: join(dir, migrationSocketNames.memory),
    ...(copyStorage ? { disks: join(dir, migrationSocketNames.disks) } : {}),
  };
  const dialer = await startMigrationDialer({
    target,
    token,
    sockets,
    owner: context.owner,
    onError: (error) => {
      context.logger.warn({ err: error }, 'a migration channel failed');
    },
  });
  const timeoutMs = completionTimeoutMs(params.completionTimeoutPerGiBSeconds, memoryGiB(live));
  const watch = new JobWatch(options, token);
  const args = migrateArgs({
    domain: context.domain,
    xmlFile,
    socketDir: `${libvirtRunInside}/mig`,
    copyStorage,
    bandwidthMiBps: params.bandwidthMiBps,
    allowAutoConverge: params.allowAutoConverge,
    allowPostCopy: params.allowPostCopy,
  });
  try {
    watch.start(timeoutMs);
    await context.virsh.run(args).catch((error: unknown) => {
      throw new MigrationFailedError(watch.abortReason ?? messageOf(error));
    });
  } finally {
    watch.stop();
    await dialer.close();
    await rm(dir, { recursive: true, force: true });
  }
  const completed = await context.virsh
    .run(['domjobinfo', '--completed', context.domain])
    .catch(() => '');
  return parseDomJobInfo(completed);
}

/**
 * Live-migrates the launcher's domain to the target launcher behind `params.targetUri`
 * (`tcp://host:port`, its migration listener), presenting `params.migrationUid`. Resolves once
 * the domain runs on the target (it is then shut off here, reason Migrated); rejects with a
 * MigrationFailedError whose message is the reason (the guest then still runs here). Reports
 * progress and the outcome through `onStatus`.
 */
export async function migrateDomain(options: MigrateDomainOptions): Promise<void> {
  const { params } = options;
  const uid = params.migrationUid ?? '';
  if (!isMigrationToken(uid)) {
    throw new MigrationFailedError(`Migrate needs params.migrationUid (got '${uid}')`);
  }
  const started = Date.now();
  try {
    if (options.signal?.aborted === true) throw new MigrationFailedError('migration cancelled');
    const target = parseMigrationTargetUri(params.targetUri);
    const job = await runMigration(options, target, uid);
    const status = statusOf(uid, 'Completed', job);
    options.onStatus({ ...status, elapsedMs: status.elapsedMs ?? Date.now() - started });
    options.context.logger.info(status, 'migration completed');
  } catch (error) {
    const failureReason = messageOf(error);
    options.onStatus({
      migrationUid: uid,
      phase: 'Failed',
      failureReason,
      elapsedMs: Date.now() - started,
    });
    throw error instanceof MigrationFailedError ? error : new MigrationFailedError(failureReason);
  }
}
