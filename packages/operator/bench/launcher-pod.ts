// What the launcher and migration benchmarks share: the tiny guest image, a VMI for it, and a real
// virt-launcher started and dialled as virt-handler does (a "pod" here: the launcher process and
// everything it starts, found by its state directory).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  clusterConfigFrom,
  defaultVirtualMachineInstance,
  type VirtualMachineInstance,
} from '@podvisor/api';
import {
  buildGuestImage,
  type KernelCatalogEntry,
  resolveContainerDisk,
} from '../src/launcher/guest-images/index.ts';
import {
  connectNoFollow,
  type DomainEvent,
  type MigrationStatus,
  ProtocolConnection,
} from '../src/protocol/v1/index.ts';

/** The tiny guest's first console line. */
export const BANNER = /Podvisor tiny guest: /;
/** The line the tiny guest prints once its init has finished. */
export const READY = /podvisor-guest-ready/;

const launcherMain = join(import.meta.dirname, '..', 'src', 'cmd', 'virt-launcher.ts');

/** A file's text, or '' when it is missing or unreadable. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Polls `probe` every `everyMs` (default 10) until it returns a value; throws after `ms`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: { readonly ms?: number; readonly everyMs?: number } = {},
): Promise<T> {
  const deadline = performance.now() + (options.ms ?? 120_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(options.everyMs ?? 10);
  }
}

/** Waits until `file` matches `pattern`; returns the ms since `since` (a performance.now()). */
export async function waitInFile(file: string, pattern: RegExp, since: number): Promise<number> {
  await waitFor(`${String(pattern)} in ${file}`, () => pattern.test(readText(file)) || undefined);
  return performance.now() - since;
}

/** Resolves when `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<unknown> {
  return child.exitCode === null && child.signalCode === null
    ? new Promise((resolve) => child.once('exit', resolve))
    : Promise.resolve();
}

/** Resolves when `promise` settles or after `ms`, whichever comes first; leaves no timer behind. */
export async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      promise.catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILLs `pid`; a process already gone is fine. */
export function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** PIDs of live processes whose command line contains `text` (this process excluded). */
export function processesNaming(text: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if (readText(`/proc/${name}/cmdline`).replaceAll('\0', ' ').includes(text)) {
      pids.push(Number(name));
    }
  }
  return pids;
}

/**
 * Builds the tiny guest (Debian cloud kernel + busybox initramfs) into `scratch/data`, or reuses
 * the cached build; returns its kernel, initramfs and command line.
 */
export async function prepareTinyGuest(scratch: string): Promise<KernelCatalogEntry> {
  chmodSync(scratch, 0o755); // QEMU runs as libvirt-qemu: it must reach the image and VM dirs
  const dataDir = join(scratch, 'data');
  await buildGuestImage({
    name: 'tiny',
    dataDir,
    cacheDir: join(tmpdir(), 'podvisor-test-apt-cache'),
  });
  const resolved = resolveContainerDisk('podvisor.local/tiny', dataDir);
  if (!resolved.ok || resolved.entry.kind !== 'kernel') throw new Error('no tiny kernel image');
  return resolved.entry;
}

/** A defaulted VMI of the tiny guest with `memoryMiB` of guest memory. */
export function tinyVmi(name: string, memoryMiB: number): VirtualMachineInstance {
  const vmi: VirtualMachineInstance = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: 'default', uid: randomUUID() },
    spec: {
      domain: { devices: {}, resources: { requests: { memory: `${String(memoryMiB)}Mi` } } },
      volumes: [{ name: 'root', containerDisk: { image: 'podvisor.local/tiny' } }],
      terminationGracePeriodSeconds: 20,
    },
  };
  return defaultVirtualMachineInstance(vmi, clusterConfigFrom(undefined));
}

/** A running virt-launcher and the handler side's connection to it. */
export interface LauncherPod {
  readonly child: ChildProcess;
  readonly stateDir: string;
  /** The launcher's stderr (warnings and errors). */
  readonly logFile: string;
  readonly handler: ProtocolConnection;
  /** Each domain event with `performance.now()` at its receipt. */
  readonly events: { readonly event: DomainEvent; readonly atMs: number }[];
  readonly migrations: MigrationStatus[];
  /** ms from spawning the launcher to the handler's connection being open. */
  readonly startMs: number;
}

/** How to start a launcher: all pods of one run share `scratch` (image, capabilities cache). */
export interface LauncherOptions {
  readonly scratch: string;
  readonly stateDir: string;
  readonly vmi: VirtualMachineInstance;
  /** The pod's IP, for a migration listener. */
  readonly podIp?: string;
}

function spawnLauncher(options: LauncherOptions, logFile: string): ChildProcess {
  const { scratch, stateDir, vmi } = options;
  const args = [launcherMain, '--state-dir', stateDir, '--socket-dir', join(stateDir, 'sockets')]
    .concat(['--data-dir', join(scratch, 'data'), '--vmi-uid', vmi.metadata.uid ?? ''])
    .concat(['--capabilities-cache-dir', join(scratch, 'capabilities'), '--log-level', 'warn'])
    .concat(options.podIp === undefined ? [] : ['--pod-ip', options.podIp]);
  const fd = openSync(logFile, 'a');
  try {
    return spawn(process.execPath, args, { stdio: ['ignore', 'ignore', fd] });
  } finally {
    closeSync(fd);
  }
}

/** The last lines of a launcher's log, for an error message. */
export function logTail(pod: { readonly logFile: string }): string {
  const lines = readText(pod.logFile).trim().split('\n').slice(-5).join('\n');
  return lines === '' ? '(its log is empty)' : `its log ends:\n${lines}`;
}

/** `error` with the tail of each pod's launcher log appended (the launcher names the cause there). */
export function withLogs(error: unknown, pods: readonly LauncherPod[]): Error {
  const message = error instanceof Error ? error.message : String(error);
  const tails = pods.map((pod) => `${basename(pod.stateDir)}: ${logTail(pod)}`);
  return new Error([message, ...tails].join('\n'), { cause: error });
}

/** Spawns a launcher and connects to its socket as virt-handler does (retrying for 30 s). */
async function dial(options: LauncherOptions, child: ChildProcess, logFile: string) {
  const events: LauncherPod['events'] = [];
  const migrations: MigrationStatus[] = [];
  const socket = await waitFor(
    'the launcher socket',
    async () => {
      if (child.exitCode !== null) throw new Error(`the launcher exited; ${logTail({ logFile })}`);
      return connectNoFollow(join(options.stateDir, 'sockets'), 'launcher.sock', {
        trustedRoot: options.scratch,
      }).catch(() => undefined);
    },
    { ms: 30_000, everyMs: 20 },
  );
  const handler = await ProtocolConnection.dial(socket, {
    role: 'handler',
    events: {
      DomainEvent: (event) => events.push({ event, atMs: performance.now() }),
      MigrationStatus: (status) => migrations.push(status),
    },
  });
  return { handler, events, migrations };
}

/** Starts a real virt-launcher (a pod) and dials it; `started` gets the child for cleanup. */
export async function startLauncherPod(
  options: LauncherOptions,
  started: ChildProcess[],
): Promise<LauncherPod> {
  const logDir = join(options.scratch, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${basename(options.stateDir)}.log`);
  const spawned = performance.now();
  const child = spawnLauncher(options, logFile);
  started.push(child);
  const connection = await dial(options, child, logFile);
  const startMs = performance.now() - spawned;
  return { child, stateDir: options.stateDir, logFile, startMs, ...connection };
}

/** When `pod` received its first domain event matching `match` (undefined: none yet). */
export function eventAt(
  pod: LauncherPod,
  match: (event: DomainEvent) => boolean,
): number | undefined {
  return pod.events.find((e) => match(e.event))?.atMs;
}

/**
 * Shuts the pods' guests down (ACPI, 30 s each), then SIGKILLs every launcher in `started` still
 * running and every process naming a pod's state directory (libvirtd, virtlogd, QEMU...).
 */
export async function stopLauncherPods(
  pods: readonly LauncherPod[],
  started: readonly ChildProcess[],
): Promise<void> {
  await Promise.all(
    pods.map(async (pod) => {
      if (pod.child.exitCode === null) {
        await pod.handler.request('Shutdown', {}, { timeoutMs: 30_000 }).catch(() => undefined);
      }
      await atMost(exited(pod.child), 30_000);
      await pod.handler.close();
    }),
  );
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(started.map(exited));
  for (const pod of pods) for (const pid of processesNaming(pod.stateDir)) killQuietly(pid);
}

/** Waits up to 10 s for every process naming `scratch` to end, then SIGKILLs what is left. */
export async function reapLeftovers(scratch: string, log: (line: string) => void): Promise<void> {
  const gone = await waitFor(
    'no process left',
    () => processesNaming(scratch).length === 0 || undefined,
    {
      ms: 10_000,
      everyMs: 100,
    },
  ).catch(() => false);
  if (gone) return;
  for (const pid of processesNaming(scratch)) killQuietly(pid);
  log(`killed leftover processes of ${scratch}`);
}
