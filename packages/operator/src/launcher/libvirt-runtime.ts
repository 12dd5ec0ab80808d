import { chown, mkdir, readFile, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { VirtualMachineInstance } from '@podvisor/api';
import type { Logger } from '@podvisor/kube/process';
import type {
  DomainEvent,
  DomainState,
  DomainStatus,
  GuestInfo,
  SyncOptions,
} from '../protocol/v1/index.ts';
import { detectAcceleration, readAccelerationFacts, type Acceleration } from './accel/index.ts';
import { grantSearch, prepareDisks } from './disks/index.ts';
import { imagesDir } from './guest-images/image-catalog.ts';
import { domainXml, launcherPathsIn, type LauncherPaths } from './domain/index.ts';
import type { DomainRuntime } from './domain-runtime.ts';
import { queryGuestAgent } from './guest-agent-info.ts';
import {
  type FileOwner,
  lookupQemuOwner,
  startPrivateLibvirt,
  Virsh,
  VirshError,
  watchDomainEvents,
  type DomainEvent as VirshEvent,
  type DomainEventWatch,
  type LifecycleEvent,
  type PrivateLibvirt,
} from './libvirt/index.ts';
import { type MigrationContext, MigrationSlots } from './migration/index.ts';

/** Options of {@link createLibvirtRuntime}. */
export interface LibvirtRuntimeOptions {
  /** The pod's private state directory: `libvirt/` (the daemons) and `vm/` (disks, sockets). */
  readonly stateDir: string;
  /** The data directory of the containerDisk catalog. */
  readonly dataDir: string;
  /** The pod's IP: the guest's declared ports are forwarded from it. */
  readonly podIp?: string;
  /** libvirt's QEMU capability cache shared by a node's launchers (saves ~3.6 s per start). */
  readonly capabilitiesCacheDir?: string;
  readonly logger: Logger;
}

/** The running parts, once `start` has run. */
interface Started {
  readonly libvirt: PrivateLibvirt;
  readonly virsh: Virsh;
  readonly events: DomainEventWatch;
  readonly name: string;
  readonly accel: Acceleration;
  readonly paths: LauncherPaths;
  readonly vmDir: string;
  readonly owner: FileOwner;
  /** The domain XML this launcher renders (defined by `start`; unused by an incoming migration). */
  readonly xml: string;
}

const stateNames: Readonly<Record<string, DomainState>> = {
  nostate: 'NoState',
  running: 'Running',
  blocked: 'Blocked',
  paused: 'Paused',
  shutdown: 'Shutdown',
  shutoff: 'Shutoff',
  crashed: 'Crashed',
  pmsuspended: 'PMSuspended',
};

/** `destroyed` → `Destroyed`: the protocol spells libvirt's reasons as its events do. */
const capitalized = (word: string): string =>
  word === '' ? '' : `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/** The protocol state a lifecycle event leaves the domain in. */
const stateAfter: Readonly<Record<string, DomainState>> = {
  Started: 'Running',
  Resumed: 'Running',
  Suspended: 'Paused',
  PMSuspended: 'PMSuspended',
  Stopped: 'Shutoff',
  Shutdown: 'Shutdown',
  Crashed: 'Crashed',
};

/** The libvirt domain name of a VMI: `<namespace>_<name>`, as KubeVirt names them. */
export function domainName(vmi: VirtualMachineInstance): string {
  return `${vmi.metadata.namespace ?? 'default'}_${vmi.metadata.name ?? ''}`;
}

/** The domain's status, or `null` when it does not exist (yet: an incoming migration's). */
async function statusOf(started: Started): Promise<DomainStatus | null> {
  const state = await started.virsh.domState(started.name).catch((error: unknown) => {
    if (error instanceof VirshError && error.code === 'domain-not-found') return null;
    throw error;
  });
  if (state === null) return null;
  return {
    name: started.name,
    state: stateNames[state.state] ?? 'NoState',
    reason: capitalized(state.reason),
    accel: started.accel.accel,
  };
}

/** The protocol's event for a libvirt lifecycle event. */
function lifecycleEvent(event: LifecycleEvent, accel: Acceleration): DomainEvent {
  // An incoming migration's domain starts paused and resumes when the migration completes.
  const state =
    event.event === 'Started' && event.detail === 'Migrated'
      ? 'Paused'
      : (stateAfter[event.event] ?? 'NoState');
  // Stopped "Failed": QEMU died under libvirt (killed, or crashed without a panic device).
  return {
    type: event.event,
    reason: event.detail,
    status: { name: event.domain, state, reason: event.detail, accel: accel.accel },
    timestamp: new Date().toISOString(),
  };
}

/**
 * Runs the VMI's domain through a private libvirtd (ADR 0003): disks prepared from the local
 * catalog, domain XML from the pure converter, lifecycle events from `virsh event`.
 */
export function createLibvirtRuntime(options: LibvirtRuntimeOptions): DomainRuntime {
  let started: Started | undefined;
  let closing: Promise<void> | undefined;
  let listener: (event: DomainEvent) => void = () => undefined;
  const need = (): Started => {
    if (started === undefined) throw new Error('no domain: Sync first');
    return started;
  };
  const status = (): Promise<DomainStatus | null> =>
    started === undefined ? Promise.resolve(null) : statusOf(started);
  const migrations = new MigrationSlots(status);
  const forwardAgent = (connected: boolean): void => {
    // The agent's events carry no domain state: the status is read when one arrives.
    const timestamp = new Date().toISOString();
    const type = connected ? 'AgentConnected' : 'AgentDisconnected';
    status()
      .then((current) => {
        if (current !== null) listener({ type, reason: '', status: current, timestamp });
      })
      .catch(() => undefined);
  };
  const forward = (event: VirshEvent, accel: Acceleration): void => {
    if (event.kind === 'agent') forwardAgent(event.state === 'connected');
    if (event.kind !== 'lifecycle') return;
    migrations.onLifecycle(event);
    listener(lifecycleEvent(event, accel));
  };
  const onEvent = (event: VirshEvent, accel: Acceleration): void => {
    forward(event, accel);
  };
  return {
    async start(vmi, syncOptions: SyncOptions) {
      const prepared = await prepareLibvirt(vmi, syncOptions, options, onEvent);
      await startDomain(prepared, vmi);
      started = prepared;
      const current = await status();
      if (current === null) throw new Error('the domain vanished right after it started');
      return current;
    },
    async prepareIncoming(vmi, incomingOptions) {
      if (started !== undefined) {
        throw new Error('this launcher already runs a domain: a migration target must be fresh');
      }
      started = await prepareLibvirt(vmi, incomingOptions, options, onEvent);
      return migrations.openIncoming({
        context: migrationContext(started, options),
        libvirtSocket: started.libvirt.socketPath,
        host: options.podIp ?? '127.0.0.1',
        migrationUid: incomingOptions.migrationUid,
      });
    },
    migrate: (params, onStatus) =>
      migrations.migrate(
        { ...migrationContext(need(), options), virsh: need().virsh },
        params,
        onStatus,
      ),
    cancelMigration: (migrationUid) => migrations.cancel(migrationUid),
    status,
    pause: () => need().virsh.suspend(need().name),
    unpause: () => need().virsh.resume(need().name),
    shutdown: () => need().virsh.shutdown(need().name),
    destroy: () => need().virsh.destroy(need().name),
    reset: () => need().virsh.reset(need().name),
    softReboot: () => need().virsh.reboot(need().name),
    async screenshot() {
      const { virsh, name, paths } = need();
      const file = join(paths.serialLog, '..', 'screenshot.png');
      await virsh.screenshot(name, file);
      const png = await readFile(file);
      await rm(file, { force: true });
      return png;
    },
    guestInfo: () =>
      started === undefined
        ? Promise.resolve<GuestInfo | null>(null)
        : queryGuestAgent(started.virsh, started.name),
    onEvent(next) {
      listener = next;
    },
    close() {
      closing ??= (async () => {
        await migrations.close();
        if (started === undefined) return;
        await started.events.stop();
        await started.libvirt.stop();
      })();
      return closing;
    },
  };
}

/** What the migration code needs of a prepared runtime. */
function migrationContext(
  prepared: Started,
  options: LibvirtRuntimeOptions,
): Omit<MigrationContext, 'virsh'> {
  return {
    domain: prepared.name,
    libvirtRun: prepared.libvirt.layout.run,
    vmDir: prepared.vmDir,
    imagesDir: imagesDir(options.dataDir),
    owner: prepared.owner,
    logger: options.logger,
  };
}

/**
 * Everything but the domain: acceleration, the VM directory and its disks, the private libvirtd
 * and its event watch. `start` then defines and boots the domain; an incoming migration brings
 * it instead.
 */
async function prepareLibvirt(
  vmi: VirtualMachineInstance,
  syncOptions: SyncOptions,
  options: LibvirtRuntimeOptions,
  onEvent: (event: VirshEvent, accel: Acceleration) => void,
): Promise<Started> {
  const logger = options.logger;
  const accel = detectAcceleration(
    await readAccelerationFacts({ forceEmulation: syncOptions.useEmulation === true }),
  );
  logger.info(accel, 'acceleration');
  // QEMU runs as the QEMU user and libvirt relabels nothing: the VM directory (0700) and every
  // file in it belong to that user.
  const vmDir = join(options.stateDir, 'vm');
  await mkdir(vmDir, { recursive: true, mode: 0o700 });
  const owner = await lookupQemuOwner();
  await chown(vmDir, owner.uid, owner.gid);
  const prepared = await prepareDisks({ vmi, dataDir: options.dataDir, vmDir, owner });
  // QEMU, as its own user, opens the sockets and disks in vmDir and the catalog's files.
  const catalog = imagesDir(options.dataDir);
  const resolvedCatalog = await realpath(catalog).catch(() => undefined);
  for (const path of [
    vmDir,
    await realpath(vmDir),
    ...(resolvedCatalog ? [catalog, resolvedCatalog] : []),
  ])
    await grantSearch(path, owner);
  const paths = launcherPathsIn(vmDir);
  const xml = domainXml({
    vmi,
    paths,
    accel: accel.accel,
    disks: prepared.disks,
    ...(prepared.kernelBoot === undefined ? {} : { kernelBoot: prepared.kernelBoot }),
    network: { backend: 'slirp', ...(options.podIp === undefined ? {} : { ip: options.podIp }) },
  });
  const libvirt = await startPrivateLibvirt({
    dir: join(options.stateDir, 'libvirt'),
    logger,
    accel: accel.accel,
    ...(options.capabilitiesCacheDir === undefined
      ? {}
      : { capabilitiesCacheDir: options.capabilitiesCacheDir }),
  });
  const events = watchDomainEvents({
    uri: libvirt.uri,
    onEvent: (event) => {
      onEvent(event, accel);
    },
  });
  try {
    await events.ready;
  } catch (error) {
    await events.stop();
    await libvirt.stop();
    throw error;
  }
  const virsh = new Virsh({ uri: libvirt.uri });
  return { libvirt, virsh, events, name: domainName(vmi), accel, paths, vmDir, owner, xml };
}

/** Defines and boots the domain (paused for `startStrategy: Paused`). */
async function startDomain(prepared: Started, vmi: VirtualMachineInstance): Promise<void> {
  try {
    await prepared.virsh.define(prepared.xml);
    const paused = vmi.spec.startStrategy === 'Paused';
    await prepared.virsh.run(['start', prepared.name, ...(paused ? ['--paused'] : [])]);
  } catch (error) {
    await prepared.events.stop();
    await prepared.libvirt.stop();
    throw error;
  }
}
