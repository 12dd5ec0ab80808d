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
import {
  type DomainInput,
  domainSpecFor,
  domainXml,
  launcherPathsIn,
  type LauncherPaths,
  type LibvirtInterface,
  type PodNetworkInput,
} from './domain/index.ts';
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
import {
  choosePodNetwork,
  describePasstExit,
  passtPaths,
  type PodNetworkChoice,
  readPodNetworkFacts,
  type RunningPasst,
  startGuestPasst,
} from './network/index.ts';

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
  /** The guest's passt, when it is on the pod network through one. */
  readonly passt?: RunningPasst;
}

/** How the guest reaches the pod network, decided once per launcher. */
interface PodNetwork {
  readonly choice: PodNetworkChoice;
  readonly openFileLimit?: number;
}

/** What `prepareLibvirt` needs besides the VMI and its options. */
interface PrepareContext {
  readonly options: LibvirtRuntimeOptions;
  readonly network: PodNetwork;
  readonly onEvent: (event: VirshEvent, accel: Acceleration) => void;
  /** passt ended without being stopped. */
  readonly onPasstExit: (reason: string) => void;
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
  let failureListener: (reason: string) => void = () => undefined;
  let podNetwork: Promise<PodNetwork> | undefined;
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
  const context = async (): Promise<PrepareContext> => ({
    options,
    network: await (podNetwork ??= decidePodNetwork(options)),
    onEvent: forward,
    onPasstExit: (reason) => {
      failureListener(reason);
    },
  });
  return {
    async start(vmi, syncOptions: SyncOptions) {
      const prepared = await prepareLibvirt(vmi, syncOptions, await context());
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
      started = await prepareLibvirt(vmi, incomingOptions, await context());
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
    onFailure(next) {
      failureListener = next;
    },
    close() {
      closing ??= (async () => {
        await migrations.close();
        if (started === undefined) return;
        await stopAll(started);
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

/** Reads the pod's network and decides how the guest joins it; logs the choice and why. */
async function decidePodNetwork(options: LibvirtRuntimeOptions): Promise<PodNetwork> {
  const facts = await readPodNetworkFacts(
    options.podIp === undefined ? {} : { podIp: options.podIp },
  );
  const choice = choosePodNetwork(facts);
  options.logger.info({ backend: choice.backend, reason: choice.reason }, 'pod network');
  return {
    choice,
    ...(facts.openFileLimit === undefined ? {} : { openFileLimit: facts.openFileLimit }),
  };
}

/** The domain's network input: a stream to the launcher's passt, or slirp. */
function podNetworkInput(choice: PodNetworkChoice, podIp: string | undefined): PodNetworkInput {
  const ip = podIp === undefined ? {} : { ip: podIp };
  if (choice.backend === 'slirp') return { backend: 'slirp', ...ip };
  // Any run directory gives QEMU's view of the socket: /run/libvirt/passt/passt.sock.
  return { backend: 'passt-socket', socket: passtPaths('/run/libvirt').qemuSocket, ...ip };
}

/** Stops what `prepareLibvirt` started: the event watch, libvirt (and QEMU), then passt. */
async function stopAll(parts: {
  events: DomainEventWatch;
  libvirt: PrivateLibvirt;
  passt?: RunningPasst | undefined;
}): Promise<void> {
  await parts.events.stop();
  await parts.libvirt.stop();
  await parts.passt?.stop();
}

/** The VM directory, QEMU-owned, with the VMI's disks prepared in it. */
async function prepareVmDir(
  vmi: VirtualMachineInstance,
  options: LibvirtRuntimeOptions,
): Promise<{ vmDir: string; owner: FileOwner; input: Omit<DomainInput, 'accel' | 'network'> }> {
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
  const input = {
    vmi,
    paths: launcherPathsIn(vmDir),
    disks: prepared.disks,
    ...(prepared.kernelBoot === undefined ? {} : { kernelBoot: prepared.kernelBoot }),
  };
  return { vmDir, owner, input };
}

/**
 * Everything but the domain: acceleration, the VM directory and its disks, the private libvirtd
 * and its event watch, and the guest's passt when it has one. `start` then defines and boots the
 * domain; an incoming migration brings it instead (QEMU then connects to this launcher's passt).
 */
async function prepareLibvirt(
  vmi: VirtualMachineInstance,
  syncOptions: SyncOptions,
  context: PrepareContext,
): Promise<Started> {
  const { options } = context;
  const logger = options.logger;
  const accel = detectAcceleration(
    await readAccelerationFacts({ forceEmulation: syncOptions.useEmulation === true }),
  );
  logger.info(accel, 'acceleration');
  const { vmDir, owner, input: base } = await prepareVmDir(vmi, options);
  const input: DomainInput = {
    ...base,
    accel: accel.accel,
    network: podNetworkInput(context.network.choice, options.podIp),
  };
  const xml = domainXml(input);
  const nic = domainSpecFor(input).interfaces[0];
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
      context.onEvent(event, accel);
    },
  });
  let passt: RunningPasst | undefined;
  try {
    await events.ready;
    passt = await startPasstFor({ nic, context, libvirtRun: libvirt.layout.run, owner });
  } catch (error) {
    await stopAll({ events, libvirt });
    throw error;
  }
  const virsh = new Virsh({ uri: libvirt.uri });
  const name = domainName(vmi);
  const paths = base.paths;
  const parts = { libvirt, virsh, events, name, accel, paths, vmDir, owner, xml };
  return passt === undefined ? parts : { ...parts, passt };
}

/** The guest's passt, started before QEMU, when its NIC needs one; its unexpected end is reported. */
async function startPasstFor(input: {
  nic: LibvirtInterface | undefined;
  context: PrepareContext;
  libvirtRun: string;
  owner: FileOwner;
}): Promise<RunningPasst | undefined> {
  const { nic, context } = input;
  const choice = context.network.choice;
  if (nic?.backend !== 'passt-socket' || choice.backend !== 'passt') return undefined;
  const { openFileLimit } = context.network;
  const passt = await startGuestPasst({
    passtPath: choice.passtPath,
    nic,
    libvirtRun: input.libvirtRun,
    owner: input.owner,
    logger: context.options.logger,
    ...(openFileLimit === undefined ? {} : { openFileLimit }),
  });
  void passt.exited.then((exit) => {
    if (exit.expected) return;
    const reason = `the guest's network is gone: ${describePasstExit(exit)}`;
    context.options.logger.error({ code: exit.code, signal: exit.signal }, reason);
    context.onPasstExit(reason);
  });
  return passt;
}

/** Defines and boots the domain (paused for `startStrategy: Paused`). */
async function startDomain(prepared: Started, vmi: VirtualMachineInstance): Promise<void> {
  try {
    await prepared.virsh.define(prepared.xml);
    const paused = vmi.spec.startStrategy === 'Paused';
    await prepared.virsh.run(['start', prepared.name, ...(paused ? ['--paused'] : [])]);
  } catch (error) {
    await stopAll(prepared);
    throw error;
  }
}
