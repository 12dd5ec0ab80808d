// Benchmark of virt-launcher (not a test): boots the tiny guest through the real launcher
// (Sync → private libvirtd → QEMU) and, in the same run, with a bare qemu-system-x86_64 on the
// same kernel, initramfs and command line. Prints per-round timings, the memory each process of
// the launcher's pod holds (VmRSS and PSS), and medians. Writes only under a temporary directory.
// Round 1 starts with an empty capabilities cache (libvirt probes QEMU); later rounds reuse it.
// Each round ends with "crash reported": QEMU is killed with SIGKILL and the time until the
// handler side receives the launcher's DomainEvent (Stopped Failed / Crashed) is measured.
//   node packages/operator/bench/launcher-bench.ts [--rounds 3]
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
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
import { connectNoFollow, type DomainEvent, ProtocolConnection } from '../src/protocol/v1/index.ts';

const BANNER = /Podvisor tiny guest: /;
const READY = /podvisor-guest-ready/;
const launcherMain = join(import.meta.dirname, '..', 'src', 'cmd', 'virt-launcher.ts');

/** Milliseconds from the start of a boot to each milestone. */
interface Timings {
  readonly startMs: number;
  readonly runningMs: number;
  readonly bannerMs: number;
  readonly readyMs: number;
  /** From `kill -9` of QEMU to the handler-side crash event (launcher rounds only). */
  readonly crashMs: number;
}

/** Memory of one process, in KiB. */
interface ProcessMemory {
  readonly pid: number;
  readonly role: string;
  readonly rssKiB: number;
  readonly pssKiB: number;
}

interface Round {
  readonly bare: Timings;
  readonly bareQemu: ProcessMemory;
  readonly launcher: Timings;
  readonly pod: readonly ProcessMemory[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] ?? 0;
  return ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Polls `file` every 10 ms until it matches `pattern`; returns ms since `since`. */
async function waitInFile(file: string, pattern: RegExp, since: number): Promise<number> {
  const deadline = performance.now() + 120_000;
  while (!pattern.test(readText(file))) {
    if (performance.now() > deadline) throw new Error(`${String(pattern)} never in ${file}`);
    await sleep(10);
  }
  return performance.now() - since;
}

function statusKiB(pid: number, field: string, file = 'status'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    readText(`/proc/${String(pid)}/${file}`),
  );
  return Number(match?.[1] ?? 0);
}

function memoryOf(pid: number, role: string): ProcessMemory {
  return {
    pid,
    role,
    rssKiB: statusKiB(pid, 'VmRSS'),
    pssKiB: statusKiB(pid, 'Pss', 'smaps_rollup'),
  };
}

interface ProcInfo {
  readonly pid: number;
  readonly comm: string;
  readonly cmdline: string;
  readonly mountNs: string;
}

function mountNsOf(pid: string): string {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return '';
  }
}

function processTable(): ProcInfo[] {
  const table: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = readText(`/proc/${name}/cmdline`).replaceAll('\0', ' ');
    if (cmdline === '') continue; // gone, zombie or kernel thread
    table.push({
      pid: Number(name),
      comm: readText(`/proc/${name}/comm`).trim(),
      cmdline,
      mountNs: mountNsOf(name),
    });
  }
  return table;
}

function roleOf(proc: ProcInfo, launcherPid: number): string {
  if (proc.pid === launcherPid) return 'launcher';
  if (proc.comm.startsWith('qemu-system')) return 'qemu';
  if (proc.comm === 'virsh') return proc.cmdline.includes(' event ') ? 'virsh event' : 'virsh';
  return proc.comm;
}

/**
 * The launcher's pod: the launcher itself, every process whose command line names its state
 * directory, and every process in the private mount namespace its libvirtd runs in.
 */
function podProcesses(launcherPid: number, stateDir: string): ProcessMemory[] {
  const table = processTable();
  const named = table.filter((p) => p.pid === launcherPid || p.cmdline.includes(stateDir));
  const libvirtd = table.find((p) => p.comm === 'libvirtd' && p.cmdline.includes(stateDir));
  // Only a private namespace identifies the pod (when not root, the daemons share ours).
  const privateNs = libvirtd?.mountNs === mountNsOf('self') ? undefined : libvirtd?.mountNs;
  const namespaced = table.filter((p) => p.mountNs !== '' && p.mountNs === privateNs);
  const pids = new Map<number, ProcInfo>();
  for (const p of [...named, ...namespaced]) pids.set(p.pid, p);
  return [...pids.values()].map((p) => memoryOf(p.pid, roleOf(p, launcherPid)));
}

function exited(child: ChildProcess): Promise<unknown> {
  return child.exitCode === null && child.signalCode === null
    ? new Promise((resolve) => child.once('exit', resolve))
    : Promise.resolve();
}

/** Boots the guest with a bare QEMU (feasibility-virt.md §4), serial to a file. */
async function bareRound(
  entry: KernelCatalogEntry,
  dir: string,
): Promise<[Timings, ProcessMemory]> {
  const log = join(dir, 'serial.log');
  const started = performance.now();
  const qemu = spawn(
    'qemu-system-x86_64',
    ['-accel', 'tcg', '-m', '128', '-nodefaults', '-display', 'none', '-no-reboot'].concat(
      ['-kernel', entry.kernel, '-initrd', entry.initrd, '-append', entry.cmdline],
      ['-serial', `file:${log}`],
    ),
    { stdio: 'ignore' },
  );
  try {
    const bannerMs = await waitInFile(log, BANNER, started);
    const readyMs = await waitInFile(log, READY, started);
    await sleep(1000);
    const memory = memoryOf(qemu.pid ?? 0, 'bare qemu');
    return [{ startMs: 0, runningMs: 0, bannerMs, readyMs, crashMs: 0 }, memory];
  } finally {
    qemu.kill('SIGKILL');
    await exited(qemu);
  }
}

function tinyVmi(name: string): VirtualMachineInstance {
  const vmi: VirtualMachineInstance = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: 'default', uid: randomUUID() },
    spec: {
      domain: { devices: {}, resources: { requests: { memory: '128Mi' } } },
      volumes: [{ name: 'root', containerDisk: { image: 'podvisor.local/tiny' } }],
      terminationGracePeriodSeconds: 20,
    },
  };
  return defaultVirtualMachineInstance(vmi, clusterConfigFrom(undefined));
}

interface LauncherPaths {
  readonly scratch: string;
  readonly dataDir: string;
  readonly stateDir: string;
}

function spawnLauncher(paths: LauncherPaths, vmi: VirtualMachineInstance): ChildProcess {
  return spawn(
    process.execPath,
    [launcherMain, '--state-dir', paths.stateDir, '--socket-dir', join(paths.stateDir, 'sockets')]
      .concat(['--data-dir', paths.dataDir, '--vmi-uid', vmi.metadata.uid ?? ''])
      .concat(['--capabilities-cache-dir', join(paths.scratch, 'capabilities')])
      .concat(['--log-level', 'warn']),
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

async function dialLauncher(
  paths: LauncherPaths,
  child: ChildProcess,
  onEvent: (event: DomainEvent) => void,
): Promise<ProtocolConnection> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    try {
      const socket = await connectNoFollow(join(paths.stateDir, 'sockets'), 'launcher.sock', {
        trustedRoot: paths.scratch,
      });
      return await ProtocolConnection.dial(socket, {
        role: 'handler',
        events: { DomainEvent: onEvent },
      });
    } catch (error) {
      if (performance.now() > deadline || child.exitCode !== null) throw error;
      await sleep(20);
    }
  }
}

/** Stops the launcher's domain with an ACPI shutdown; SIGKILLs the pod if that fails. */
async function stopLauncher(
  child: ChildProcess,
  handler: ProtocolConnection | undefined,
  stateDir: string,
): Promise<void> {
  const done = exited(child);
  try {
    await handler?.request('Shutdown', {});
    await Promise.race([done, sleep(30_000).then(() => Promise.reject(new Error('no exit')))]);
  } catch {
    const pids = podProcesses(child.pid ?? 0, stateDir).map((p) => p.pid);
    for (const pid of pids) killQuietly(pid);
    await done;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A crash as the handler sees it: QEMU died (Stopped Failed/Crashed) or the guest panicked. */
const isCrash = (event: DomainEvent): boolean =>
  event.type === 'Crashed' ||
  (event.type === 'Stopped' && (event.reason === 'Failed' || event.reason === 'Crashed'));

/** Kills the pod's QEMU with SIGKILL; resolves with the ms until the crash event arrived. */
async function crashRound(
  pod: readonly ProcessMemory[],
  crashed: Promise<DomainEvent>,
): Promise<number> {
  const qemu = pod.find((p) => p.role === 'qemu');
  if (qemu === undefined) throw new Error('no QEMU in the pod');
  const killed = performance.now();
  process.kill(qemu.pid, 'SIGKILL');
  await Promise.race([
    crashed,
    sleep(30_000).then(() => Promise.reject(new Error('no crash event within 30 s'))),
  ]);
  return performance.now() - killed;
}

/**
 * Boots the guest through virt-launcher: spawn, dial, Sync, then the serial log; then kills
 * its QEMU and times the crash report.
 */
async function launcherRound(
  paths: LauncherPaths,
  name: string,
): Promise<[Timings, ProcessMemory[]]> {
  const vmi = tinyVmi(name);
  const spawned = performance.now();
  const child = spawnLauncher(paths, vmi);
  let handler: ProtocolConnection | undefined;
  let onCrash: (event: DomainEvent) => void = () => undefined;
  const crashed = new Promise<DomainEvent>((resolve) => (onCrash = resolve));
  try {
    handler = await dialLauncher(paths, child, (event) => {
      if (isCrash(event)) onCrash(event);
    });
    const startMs = performance.now() - spawned;
    const synced = performance.now();
    const status = await handler.request('Sync', { vmi }, { timeoutMs: 120_000 });
    const runningMs = performance.now() - synced;
    if (status.state !== 'Running') throw new Error(`Sync left the domain ${status.state}`);
    const log = join(paths.stateDir, 'vm', 'serial.log');
    const bannerMs = await waitInFile(log, BANNER, synced);
    const readyMs = await waitInFile(log, READY, synced);
    await sleep(1000);
    const pod = podProcesses(child.pid ?? 0, paths.stateDir);
    const crashMs = await crashRound(pod, crashed);
    return [{ startMs, runningMs, bannerMs, readyMs, crashMs }, pod];
  } finally {
    await stopLauncher(child, handler, paths.stateDir);
    await handler?.close();
  }
}

const ms = (n: number): string => `${(n / 1000).toFixed(2)} s`;
const mib = (kib: number): string => (kib / 1024).toFixed(1);

function sumBy(pod: readonly ProcessMemory[], key: 'rssKiB' | 'pssKiB', qemu: boolean): number {
  return pod.filter((p) => (p.role === 'qemu') === qemu).reduce((sum, p) => sum + p[key], 0);
}

function roundLine(i: number, round: Round): string {
  const { bare, launcher, pod } = round;
  const roles = pod
    .filter((p) => p.role !== 'qemu')
    .map((p) => `${p.role} ${mib(p.rssKiB)}`)
    .join(', ');
  return (
    `round ${String(i + 1)}: bare banner ${ms(bare.bannerMs)} ready ${ms(bare.readyMs)} | ` +
    `launcher start ${ms(launcher.startMs)}, Sync→running ${ms(launcher.runningMs)}, ` +
    `banner ${ms(launcher.bannerMs)}, ready ${ms(launcher.readyMs)}, ` +
    `crash reported ${String(Math.round(launcher.crashMs))} ms | ` +
    `RSS MiB: bare qemu ${mib(round.bareQemu.rssKiB)}, launcher qemu ` +
    `${mib(sumBy(pod, 'rssKiB', true))}, ${roles} ` +
    `(overhead RSS ${mib(sumBy(pod, 'rssKiB', false))}, PSS ${mib(sumBy(pod, 'pssKiB', false))})\n`
  );
}

function summary(rounds: readonly Round[]): object {
  const med = (f: (r: Round) => number): number => Math.round(median(rounds.map(f)));
  const overheadRss = med((r) => sumBy(r.pod, 'rssKiB', false));
  const byRole: Record<string, number> = {};
  for (const role of new Set(rounds.flatMap((r) => r.pod.map((p) => p.role))))
    byRole[role] = Math.round(
      median(
        rounds.map((r) => r.pod.filter((p) => p.role === role).reduce((s, p) => s + p.rssKiB, 0)),
      ) / 1024,
    );
  const bareBanner = med((r) => r.bare.bannerMs);
  const syncBanner = med((r) => r.launcher.bannerMs);
  return {
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, accel: 'tcg' },
    rounds: rounds.length,
    medianMs: {
      bareBanner,
      bareReady: med((r) => r.bare.readyMs),
      launcherStart: med((r) => r.launcher.startMs),
      syncToRunning: med((r) => r.launcher.runningMs),
      firstSyncToRunning: Math.round(rounds[0]?.launcher.runningMs ?? 0), // empty caps cache
      syncToBanner: syncBanner,
      syncToReady: med((r) => r.launcher.readyMs),
      crashReported: med((r) => r.launcher.crashMs),
    },
    bannerRatio: Math.round((syncBanner / bareBanner) * 100) / 100,
    medianRssMiB: { bareQemu: Math.round(med((r) => r.bareQemu.rssKiB) / 1024), ...byRole },
    overheadMiB: {
      rss: Math.round(overheadRss / 1024),
      pss: Math.round(med((r) => sumBy(r.pod, 'pssKiB', false)) / 1024),
      kubevirtFixedOverhead: 240,
    },
  };
}

async function prepare(scratch: string): Promise<KernelCatalogEntry> {
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

async function run(rounds: number): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'podvisor-launcher-bench-'));
  try {
    const entry = await prepare(scratch);
    const results: Round[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const bareDir = join(scratch, `bare${String(i)}`);
      mkdirSync(bareDir);
      const [bare, bareQemu] = await bareRound(entry, bareDir);
      const paths = {
        scratch,
        dataDir: join(scratch, 'data'),
        stateDir: join(scratch, `vm${String(i)}`),
      };
      const [launcher, pod] = await launcherRound(paths, `bench${String(i)}`);
      const round = { bare, bareQemu, launcher, pod };
      results.push(round);
      process.stdout.write(roundLine(i, round));
    }
    process.stdout.write(`${JSON.stringify(summary(results), null, 2)}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
await run(Number(values.rounds));
