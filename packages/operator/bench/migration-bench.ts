// Benchmark of live migration (not a test): for each guest size, the tiny guest is booted in a
// real virt-launcher A and migrated to a real virt-launcher B (PrepareMigrationTarget on B, then
// Migrate on A, as virt-handler does), and, in the same run, migrated twice between two bare
// qemu-system-x86_64 processes over a unix socket (`-incoming defer` + QMP `migrate-incoming`,
// then `migrate` + `query-migrate`): once with QEMU's defaults, once without its 128 MiB/s
// bandwidth cap (libvirt lifts it; that run is the ratio's reference). Prints per-round figures, medians with their spread, the
// Podvisor/QEMU ratios and one JSON line. Writes only under a temporary directory; every process
// it starts is gone when it ends (it checks). Run as root:
//   node packages/operator/bench/migration-bench.ts [--rounds 3] [--sizes 128,1024]
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
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
import {
  connectNoFollow,
  type DomainEvent,
  type MigrationStatus,
  ProtocolConnection,
} from '../src/protocol/v1/index.ts';

const READY = /podvisor-guest-ready/;
const launcherMain = join(import.meta.dirname, '..', 'src', 'cmd', 'virt-launcher.ts');

/** One migration's figures; `undefined` where a side does not report the number. */
interface Figures {
  /** From the migrate call to its answer (Migrate resolved / query-migrate `completed`). */
  readonly wallMs: number;
  /** From the migrate call until the guest runs on the target. */
  readonly resumedMs: number;
  /** QEMU's / libvirt's own job time (total-time / domjobinfo Time elapsed). */
  readonly jobMs: number | undefined;
  readonly downtimeMs: number | undefined;
  readonly transferredBytes: number | undefined;
}

/**
 * Where Podvisor's time goes, from the domain events both launchers report (receipt times, so
 * each includes the `virsh event` → protocol latency): libvirt's p2p phases.
 */
interface Phases {
  /** PrepareMigrationTarget on B (its private libvirtd and listener), before Migrate. */
  readonly prepareTargetMs: number;
  /** Migrate → target `Started` (Begin + Prepare: XML, channels, B's QEMU with -incoming). */
  readonly setupMs: number | undefined;
  /** Target `Started` → source `Suspended` (the pre-copy memory transfer). */
  readonly precopyMs: number | undefined;
  /** Source `Suspended` → target `Resumed` (last copy, Finish on B: the guest is paused). */
  readonly switchoverMs: number | undefined;
  /** Target `Resumed` → Migrate answered (Confirm on A, `domjobinfo --completed`, teardown). */
  readonly confirmMs: number | undefined;
}

interface Round {
  readonly sizeMiB: number;
  /** Bare QEMU with its defaults (max-bandwidth 128 MiB/s, downtime-limit 300 ms). */
  readonly bare: Figures;
  /** Bare QEMU without the bandwidth cap, as libvirt runs it (the ratio's reference). */
  readonly bareUncapped: Figures;
  readonly podvisor: Figures;
  readonly phases: Phases;
}

// ---------------------------------------------------------------------------------------------
// Helpers

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

/** Polls `probe` every `everyMs` until it returns a value; throws after `ms`. */
async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: { ms?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = performance.now() + (options.ms ?? 120_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(options.everyMs ?? 20);
  }
}

function exited(child: ChildProcess): Promise<unknown> {
  return child.exitCode === null && child.signalCode === null
    ? new Promise((resolve) => child.once('exit', resolve))
    : Promise.resolve();
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** PIDs of live processes whose command line contains `text` (this process excluded). */
function processesNaming(text: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if (readText(`/proc/${name}/cmdline`).replaceAll('\0', ' ').includes(text)) {
      pids.push(Number(name));
    }
  }
  return pids;
}

// ---------------------------------------------------------------------------------------------
// Bare QEMU: a minimal QMP client and two processes

interface QmpReply {
  readonly id?: number;
  readonly return?: unknown;
  readonly error?: { readonly desc?: string };
}

/** Line-delimited QMP over a unix socket; events and the greeting are ignored. */
class Qmp {
  readonly #socket: Socket;
  readonly #pending = new Map<number, (reply: QmpReply) => void>();
  #buffer = '';
  #nextId = 1;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#onData(chunk);
    });
    socket.on('error', () => undefined);
  }

  /** Connects (retrying until QEMU listens) and leaves capabilities negotiation mode. */
  static async open(path: string): Promise<Qmp> {
    const socket = await waitFor(`QMP at ${path}`, () => tryConnect(path), { ms: 30_000 });
    const qmp = new Qmp(socket);
    await qmp.execute('qmp_capabilities');
    return qmp;
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let newline = this.#buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.#buffer.slice(0, newline).trim();
      this.#buffer = this.#buffer.slice(newline + 1);
      if (line !== '') {
        const reply = JSON.parse(line) as QmpReply;
        if (reply.id !== undefined) this.#pending.get(reply.id)?.(reply);
      }
      newline = this.#buffer.indexOf('\n');
    }
  }

  /** Runs `command`; resolves with its `return`, rejects with QEMU's error description. */
  async execute(command: string, args?: object): Promise<unknown> {
    const id = this.#nextId++;
    const reply = await new Promise<QmpReply>((resolve) => {
      this.#pending.set(id, resolve);
      this.#socket.write(`${JSON.stringify({ execute: command, arguments: args ?? {}, id })}\n`);
    });
    this.#pending.delete(id);
    if (reply.error !== undefined) {
      throw new Error(`QMP ${command}: ${reply.error.desc ?? 'error'}`);
    }
    return reply.return;
  }

  close(): void {
    this.#socket.destroy();
  }
}

function tryConnect(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      resolve(socket);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(undefined);
    });
  });
}

interface BareQemu {
  readonly child: ChildProcess;
  readonly qmp: string;
  readonly serial: string;
}

/** A bare QEMU as feasibility-virt.md §5 migrates it; the target waits with `-incoming defer`. */
function spawnBareQemu(options: {
  entry: KernelCatalogEntry;
  sizeMiB: number;
  dir: string;
  role: 'source' | 'target';
}): BareQemu {
  const { entry, dir, role } = options;
  const qmp = join(dir, `${role}.qmp`);
  const serial = join(dir, `${role}.log`);
  const args = ['-machine', 'pc-i440fx-7.2', '-cpu', 'qemu64', '-accel', 'tcg', '-nodefaults']
    .concat(['-m', String(options.sizeMiB), '-display', 'none', '-no-reboot'])
    .concat(['-kernel', entry.kernel, '-initrd', entry.initrd, '-append', entry.cmdline])
    .concat(['-serial', `file:${serial}`, '-qmp', `unix:${qmp},server=on,wait=off`])
    .concat(role === 'target' ? ['-incoming', 'defer'] : []);
  const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return { child, qmp, serial };
}

interface QueryMigrate {
  readonly status?: string;
  readonly 'total-time'?: number;
  readonly downtime?: number;
  readonly 'error-desc'?: string;
  readonly ram?: { readonly transferred?: number };
}

/** Polls the source's `query-migrate` every 20 ms until it completes (or fails). */
async function migrationDone(source: Qmp): Promise<QueryMigrate> {
  return waitFor('query-migrate completed', async () => {
    const info = (await source.execute('query-migrate')) as QueryMigrate;
    if (info.status === 'failed' || info.status === 'cancelled') {
      throw new Error(`bare migration ${info.status}: ${info['error-desc'] ?? ''}`);
    }
    return info.status === 'completed' ? info : undefined;
  });
}

/**
 * `query-migrate` once its figures are in: QEMU 7.2 reports `completed` a moment before it
 * computes total-time and downtime (0 until then).
 */
async function completedFigures(source: Qmp): Promise<QueryMigrate> {
  return waitFor(
    'query-migrate total-time',
    async () => {
      const info = (await source.execute('query-migrate')) as QueryMigrate;
      return (info['total-time'] ?? 0) > 0 ? info : undefined;
    },
    { ms: 5000 },
  );
}

async function targetRunning(target: Qmp): Promise<number> {
  const since = performance.now();
  await waitFor('the target running', async () => {
    const status = (await target.execute('query-status')) as { status?: string };
    return status.status === 'running' ? true : undefined;
  });
  return performance.now() - since;
}

/** libvirt's default migration bandwidth is its maximum (no cap); QMP takes bytes per second. */
const uncappedBandwidth = Number.MAX_SAFE_INTEGER;

/**
 * Migrates the guest between two bare QEMUs over a unix socket; `uncapped` lifts QEMU's default
 * 128 MiB/s bandwidth cap as libvirt does.
 */
async function bareRound(options: {
  entry: KernelCatalogEntry;
  sizeMiB: number;
  dir: string;
  uncapped: boolean;
}): Promise<Figures> {
  const { entry, sizeMiB, dir } = options;
  mkdirSync(dir);
  const source = spawnBareQemu({ entry, sizeMiB, dir, role: 'source' });
  const target = spawnBareQemu({ entry, sizeMiB, dir, role: 'target' });
  const qmps: Qmp[] = [];
  try {
    await waitFor('the bare guest ready', () => READY.test(readText(source.serial)) || undefined);
    const [src, dst] = [await Qmp.open(source.qmp), await Qmp.open(target.qmp)];
    qmps.push(src, dst);
    const uri = `unix:${join(dir, 'mig.sock')}`;
    await dst.execute('migrate-incoming', { uri });
    if (options.uncapped) {
      await src.execute('migrate-set-parameters', { 'max-bandwidth': uncappedBandwidth });
    }
    const started = performance.now();
    await src.execute('migrate', { uri });
    await migrationDone(src);
    const wallMs = performance.now() - started;
    const resumedMs = wallMs + (await targetRunning(dst));
    const info = await completedFigures(src);
    return {
      wallMs,
      resumedMs,
      jobMs: info['total-time'],
      downtimeMs: info.downtime,
      transferredBytes: info.ram?.transferred,
    };
  } finally {
    for (const qmp of qmps) qmp.close();
    for (const qemu of [source, target]) qemu.child.kill('SIGKILL');
    await Promise.all([exited(source.child), exited(target.child)]);
  }
}

// ---------------------------------------------------------------------------------------------
// Podvisor: two real launchers

function tinyVmi(sizeMiB: number): VirtualMachineInstance {
  const vmi: VirtualMachineInstance = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: `mig${String(sizeMiB)}`, namespace: 'default', uid: randomUUID() },
    spec: {
      domain: {
        devices: {},
        resources: { requests: { memory: `${String(sizeMiB)}Mi` } },
      },
      volumes: [{ name: 'root', containerDisk: { image: 'podvisor.local/tiny' } }],
      terminationGracePeriodSeconds: 20,
    },
  };
  return defaultVirtualMachineInstance(vmi, clusterConfigFrom(undefined));
}

interface Launcher {
  readonly child: ChildProcess;
  readonly stateDir: string;
  readonly handler: ProtocolConnection;
  readonly migrations: MigrationStatus[];
  /** Each domain event with `performance.now()` at its receipt. */
  readonly events: { readonly event: DomainEvent; readonly atMs: number }[];
}

function spawnLauncher(scratch: string, stateDir: string, vmi: VirtualMachineInstance) {
  return spawn(
    process.execPath,
    [launcherMain, '--state-dir', stateDir, '--socket-dir', join(stateDir, 'sockets')]
      .concat(['--data-dir', join(scratch, 'data'), '--vmi-uid', vmi.metadata.uid ?? ''])
      .concat(['--pod-ip', '127.0.0.1'])
      .concat(['--capabilities-cache-dir', join(scratch, 'capabilities')])
      .concat(['--log-level', 'warn']),
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** Starts a launcher (a pod) and connects to it as virt-handler does. */
async function launch(options: {
  scratch: string;
  stateDir: string;
  vmi: VirtualMachineInstance;
  started: ChildProcess[];
}): Promise<Launcher> {
  const { scratch, stateDir } = options;
  const child = spawnLauncher(scratch, stateDir, options.vmi);
  options.started.push(child);
  const migrations: MigrationStatus[] = [];
  const events: Launcher['events'] = [];
  const socket = await waitFor('the launcher socket', async () => {
    if (child.exitCode !== null) throw new Error('the launcher exited');
    return connectNoFollow(join(stateDir, 'sockets'), 'launcher.sock', {
      trustedRoot: scratch,
    }).catch(() => undefined);
  });
  const handler = await ProtocolConnection.dial(socket, {
    role: 'handler',
    events: {
      DomainEvent: (event) => events.push({ event, atMs: performance.now() }),
      MigrationStatus: (status) => migrations.push(status),
    },
  });
  return { child, stateDir, handler, migrations, events };
}

/** The completed job's numbers the source launcher reported for `uid`. */
function completedStatus(source: Launcher, uid: string): MigrationStatus {
  const found = source.migrations.find((m) => m.migrationUid === uid && m.phase === 'Completed');
  if (found === undefined) throw new Error(`no Completed MigrationStatus for ${uid}`);
  return found;
}

/** When `launcher` received its first domain event of `type` (undefined: none). */
function eventAt(launcher: Launcher, type: DomainEvent['type']): number | undefined {
  return launcher.events.find((e) => e.event.type === type)?.atMs;
}

/** When the target reported the guest running again (`Resumed`, after the incoming start). */
function resumedAt(target: Launcher): Promise<number> {
  return waitFor('the target domain resumed', () => eventAt(target, 'Resumed'));
}

const between = (from: number | undefined, to: number | undefined): number | undefined =>
  from === undefined || to === undefined ? undefined : to - from;

function phasesOf(options: {
  source: Launcher;
  target: Launcher;
  marks: { prepared: number; begin: number; resumed: number; answered: number };
}): Phases {
  const { source, target, marks } = options;
  const started = eventAt(target, 'Started');
  const suspended = eventAt(source, 'Suspended');
  return {
    prepareTargetMs: marks.begin - marks.prepared,
    setupMs: between(marks.begin, started),
    precopyMs: between(started, suspended),
    switchoverMs: between(suspended, marks.resumed),
    confirmMs: between(marks.resumed, marks.answered),
  };
}

/** Boots the guest in launcher A, migrates it to launcher B, and stops B's guest. */
async function podvisorRound(options: { scratch: string; sizeMiB: number; name: string }) {
  const { scratch, sizeMiB, name } = options;
  const vmi = tinyVmi(sizeMiB);
  const started: ChildProcess[] = [];
  const launchers: Launcher[] = [];
  try {
    const source = await launch({ scratch, stateDir: join(scratch, `${name}a`), vmi, started });
    launchers.push(source);
    await source.handler.request('Sync', { vmi }, { timeoutMs: 120_000 });
    const serial = join(source.stateDir, 'vm', 'serial.log');
    await waitFor('the guest ready', () => READY.test(readText(serial)) || undefined);
    const target = await launch({ scratch, stateDir: join(scratch, `${name}b`), vmi, started });
    launchers.push(target);
    const migrationUid = `bench-${name}`;
    const prepared = performance.now();
    const { address } = await target.handler.request(
      'PrepareMigrationTarget',
      { vmi, migrationUid },
      { timeoutMs: 60_000 },
    );
    const begin = performance.now();
    await source.handler.request(
      'Migrate',
      { targetUri: `tcp://${address}`, migrationUid },
      { timeoutMs: 600_000 },
    );
    const answered = performance.now();
    const resumed = await resumedAt(target);
    const done = completedStatus(source, migrationUid);
    await target.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    const figures: Figures = {
      wallMs: answered - begin,
      resumedMs: resumed - begin,
      jobMs: done.elapsedMs,
      downtimeMs: done.downtimeMs,
      transferredBytes: done.dataProcessedBytes,
    };
    const marks = { prepared, begin, resumed, answered };
    return { figures, phases: phasesOf({ source, target, marks }) };
  } finally {
    await stopLaunchers(launchers, started);
  }
}

/** Shuts the launchers' guests down (ACPI), then SIGKILLs whatever of their pods is left. */
async function stopLaunchers(launchers: readonly Launcher[], started: readonly ChildProcess[]) {
  await Promise.all(
    launchers.map(async (launcher) => {
      if (launcher.child.exitCode === null) {
        await launcher.handler.request('Shutdown', {}).catch(() => undefined);
      }
      await Promise.race([exited(launcher.child), sleep(30_000)]);
      await launcher.handler.close();
    }),
  );
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(started.map(exited));
  for (const launcher of launchers) {
    for (const pid of processesNaming(launcher.stateDir)) killQuietly(pid);
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const secs = (ms: number | undefined): string =>
  ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`;
const msText = (ms: number | undefined): string =>
  ms === undefined ? '–' : `${String(Math.round(ms))} ms`;
const mb = (bytes: number | undefined): string =>
  bytes === undefined ? '–' : `${(bytes / 1e6).toFixed(1)} MB`;

function figuresLine(figures: Figures): string {
  return (
    `migrate→answer ${secs(figures.wallMs)}, →guest running ${secs(figures.resumedMs)}, ` +
    `job ${msText(figures.jobMs)}, downtime ${msText(figures.downtimeMs)}, ` +
    `sent ${mb(figures.transferredBytes)}`
  );
}

function phasesLine(phases: Phases): string {
  return (
    `PrepareMigrationTarget ${msText(phases.prepareTargetMs)}; Migrate: setup ` +
    `${msText(phases.setupMs)}, pre-copy ${msText(phases.precopyMs)}, switch-over ` +
    `${msText(phases.switchoverMs)}, confirm ${msText(phases.confirmMs)}`
  );
}

function roundLine(i: number, round: Round): string {
  return (
    `${String(round.sizeMiB)} MiB round ${String(i + 1)}:\n` +
    `  bare QEMU, defaults  ${figuresLine(round.bare)}\n` +
    `  bare QEMU, uncapped  ${figuresLine(round.bareUncapped)}\n` +
    `  Podvisor             ${figuresLine(round.podvisor)}\n` +
    `    phases             ${phasesLine(round.phases)}\n`
  );
}

type Metric = keyof Figures;

/** Median, minimum and maximum of one metric, in whole units. */
interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median, minimum and maximum of one metric, rounded to whole units. */
function stats<T extends object>(rounds: readonly T[], metric: keyof T): Spread | undefined {
  const values = rounds
    .map((r): unknown => r[metric])
    .filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return undefined;
  return {
    median: Math.round(median(values)),
    min: Math.round(Math.min(...values)),
    max: Math.round(Math.max(...values)),
  };
}

const metrics: readonly Metric[] = ['wallMs', 'resumedMs', 'jobMs', 'downtimeMs'];

function sideSummary<T extends object>(rounds: readonly T[]) {
  const summary: Partial<Record<keyof T, Spread | undefined>> = {};
  const first = rounds[0];
  if (first === undefined) return summary;
  for (const metric of Object.keys(first) as (keyof T)[]) summary[metric] = stats(rounds, metric);
  return summary;
}

function ratio(podvisor: Spread | undefined, bare: Spread | undefined) {
  if (podvisor === undefined || bare === undefined || bare.median === 0) return undefined;
  return Math.round((podvisor.median / bare.median) * 100) / 100;
}

function sizeSummary(sizeMiB: number, rounds: readonly Round[]) {
  const mine = rounds.filter((r) => r.sizeMiB === sizeMiB);
  const bare = sideSummary(mine.map((r) => r.bare));
  const bareUncapped = sideSummary(mine.map((r) => r.bareUncapped));
  const podvisor = sideSummary(mine.map((r) => r.podvisor));
  const phases = sideSummary(mine.map((r) => r.phases));
  const ratios: Record<string, number | undefined> = {};
  const ratiosToDefaults: Record<string, number | undefined> = {};
  for (const metric of metrics) {
    ratios[metric] = ratio(podvisor[metric], bareUncapped[metric]);
    ratiosToDefaults[metric] = ratio(podvisor[metric], bare[metric]);
  }
  return {
    sizeMiB,
    rounds: mine.length,
    bare,
    bareUncapped,
    podvisor,
    phases,
    ratioPodvisorToQemu: ratios,
    ratioPodvisorToQemuDefaults: ratiosToDefaults,
  };
}

function spread(value: Spread | undefined, unit: 'ms' | 'MB'): string {
  if (value === undefined) return '–';
  const scale = unit === 'MB' ? 1e6 : 1;
  const fmt = (n: number) => (unit === 'MB' ? (n / scale).toFixed(1) : String(n));
  return `${fmt(value.median)} ${unit} (${fmt(value.min)}–${fmt(value.max)})`;
}

function summaryText(summary: ReturnType<typeof sizeSummary>): string {
  const lines = [`${String(summary.sizeMiB)} MiB, medians (min–max):`];
  for (const [label, side] of [
    ['bare QEMU, defaults', summary.bare],
    ['bare QEMU, uncapped', summary.bareUncapped],
    ['Podvisor           ', summary.podvisor],
  ] as const) {
    lines.push(
      `  ${label} migrate→answer ${spread(side.wallMs, 'ms')}, →running ` +
        `${spread(side.resumedMs, 'ms')}, job ${spread(side.jobMs, 'ms')}, downtime ` +
        `${spread(side.downtimeMs, 'ms')}, sent ${spread(side.transferredBytes, 'MB')}`,
    );
  }
  const p = summary.phases;
  lines.push(
    `  Podvisor phases: PrepareMigrationTarget ${spread(p.prepareTargetMs, 'ms')}; Migrate: ` +
      `setup ${spread(p.setupMs, 'ms')}, pre-copy ${spread(p.precopyMs, 'ms')}, switch-over ` +
      `${spread(p.switchoverMs, 'ms')}, confirm ${spread(p.confirmMs, 'ms')}`,
  );
  for (const [label, r] of [
    ['uncapped', summary.ratioPodvisorToQemu],
    ['defaults', summary.ratioPodvisorToQemuDefaults],
  ] as const) {
    lines.push(
      `  Podvisor/QEMU ${label}: migrate→answer ×${String(r.wallMs)}, →running ` +
        `×${String(r.resumedMs)}, job ×${String(r.jobMs)}, downtime ×${String(r.downtimeMs)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Main

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

async function measure(scratch: string, sizes: readonly number[], rounds: number) {
  const entry = await prepare(scratch);
  const results: Round[] = [];
  for (const sizeMiB of sizes) {
    for (let i = 0; i < rounds; i += 1) {
      const name = `r${String(sizeMiB)}-${String(i)}`;
      const dir = join(scratch, `bare-${name}`);
      const bare = await bareRound({ entry, sizeMiB, dir, uncapped: false });
      const bareUncapped = await bareRound({ entry, sizeMiB, dir: `${dir}-u`, uncapped: true });
      const { figures, phases } = await podvisorRound({ scratch, sizeMiB, name });
      const round = { sizeMiB, bare, bareUncapped, podvisor: figures, phases };
      results.push(round);
      process.stdout.write(roundLine(i, round));
    }
  }
  return results;
}

async function run(sizes: readonly number[], rounds: number): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'podvisor-migration-bench-'));
  try {
    const results = await measure(scratch, sizes, rounds);
    const summaries = sizes.map((size) => sizeSummary(size, results));
    for (const summary of summaries) process.stdout.write(summaryText(summary));
    const machine = {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      node: process.version,
      accel: 'tcg',
      date: new Date().toISOString(),
    };
    process.stdout.write(`${JSON.stringify({ machine, sizes: summaries })}\n`);
  } finally {
    await waitFor('no process left', () => processesNaming(scratch).length === 0 || undefined, {
      ms: 10_000,
    }).catch(() => {
      for (const pid of processesNaming(scratch)) killQuietly(pid);
      process.stderr.write(`killed leftovers of ${scratch}\n`);
    });
    rmSync(scratch, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '128,1024' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || sizes.some((s) => !Number.isInteger(s) || s < 64)) {
  process.stderr.write('usage: migration-bench.ts [--rounds N≥1] [--sizes MiB,MiB…] (≥ 64 each)\n');
  process.exitCode = 2;
} else {
  await run(sizes, rounds);
}
