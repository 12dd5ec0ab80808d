// Benchmark of virt-launcher: boots the tiny guest through the real launcher (Sync → private
// libvirtd → QEMU) and, in the same run, with a bare qemu-system-x86_64 on the same kernel,
// initramfs and command line; measures start latency, crash report latency and the memory each
// process of the launcher's pod holds. The first round (empty capabilities cache) is reported
// on its own.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BenchContext,
  type BenchResult,
  type Benchmark,
  type Figure,
  median,
  readProcessMemory,
  type Table,
} from '@podvisor/bench';
import type { KernelCatalogEntry } from '../src/launcher/guest-images/index.ts';
import type { DomainEvent } from '../src/protocol/v1/index.ts';
import {
  BANNER,
  eventAt,
  type LauncherPod,
  prepareTinyGuest,
  READY,
  readText,
  reapLeftovers,
  startLauncherPod,
  stopLauncherPods,
  tinyVmi,
  waitFor,
  waitInFile,
  withLogs,
} from './launcher-pod.ts';
import { bareQemuBoot } from './bare-qemu-boot.ts';

/** Guest memory of every boot, MiB. */
const guestMiB = 128;
/** KubeVirt's fixed per-VM overhead (kubevirt.md §5.2), MiB. */
const kubevirtFixedMiB = 240;
/** The part of it KubeVirt budgets for processes other than QEMU (240 − 50 MiB), MiB. */
const kubevirtOthersMiB = 190;

/** Memory of one process of a pod, KiB. */
interface RoleMemory {
  readonly role: string;
  readonly rssKiB: number;
  readonly pssKiB: number;
}

/** The bare QEMU boot: ms from spawn to each line, and QEMU's memory once ready. */
interface BareBoot {
  readonly bannerMs: number;
  readonly readyMs: number;
  readonly qemu: RoleMemory;
}

/** The launcher boot: ms from spawn to dialled, then from Sync; and the crash report. */
interface LauncherBoot {
  readonly startMs: number;
  readonly runningMs: number;
  readonly bannerMs: number;
  readonly readyMs: number;
  /** From `kill -9` of QEMU to the handler's receipt of the crash event. */
  readonly crashMs: number;
  readonly pod: readonly RoleMemory[];
}

interface Round {
  readonly cold: boolean;
  readonly bare: BareBoot;
  readonly launcher: LauncherBoot;
}

// ---------------------------------------------------------------------------------------------
// The pod's processes

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
    const comm = readText(`/proc/${name}/comm`).trim();
    table.push({ pid: Number(name), comm, cmdline, mountNs: mountNsOf(name) });
  }
  return table;
}

function roleOf(proc: ProcInfo, launcherPid: number): string {
  if (proc.pid === launcherPid) return 'launcher (node)';
  if (proc.comm.startsWith('qemu-system')) return 'qemu';
  if (proc.comm === 'virsh') return proc.cmdline.includes(' event ') ? 'virsh event' : 'virsh';
  return proc.comm;
}

/**
 * The launcher's pod: the launcher itself, every process whose command line names its state
 * directory, and every process in the private mount namespace its libvirtd runs in.
 */
function podMemory(launcherPid: number, stateDir: string): RoleMemory[] {
  const table = processTable();
  const named = table.filter((p) => p.pid === launcherPid || p.cmdline.includes(stateDir));
  const libvirtd = table.find((p) => p.comm === 'libvirtd' && p.cmdline.includes(stateDir));
  // Only a private namespace identifies the pod (when not root, the daemons share ours).
  const privateNs = libvirtd?.mountNs === mountNsOf('self') ? undefined : libvirtd?.mountNs;
  const namespaced = table.filter((p) => p.mountNs !== '' && p.mountNs === privateNs);
  const procs = new Map<number, ProcInfo>();
  for (const p of [...named, ...namespaced]) procs.set(p.pid, p);
  return [...procs.values()].flatMap((p) => {
    const memory = readProcessMemory(p.pid);
    return memory === undefined ? [] : [{ role: roleOf(p, launcherPid), ...memory }];
  });
}

function qemuPid(stateDir: string): number {
  const qemu = processTable().find(
    (p) => p.comm.startsWith('qemu-system') && p.cmdline.includes(stateDir),
  );
  if (qemu === undefined) throw new Error('no QEMU in the pod');
  return qemu.pid;
}

// ---------------------------------------------------------------------------------------------
// Boots

function memoryOf(pid: number | undefined, role: string): RoleMemory {
  const memory = pid === undefined ? undefined : readProcessMemory(pid);
  if (memory === undefined) throw new Error(`${role} is gone before its memory was read`);
  return { role, rssKiB: memory.rssKiB, pssKiB: memory.pssKiB };
}

/** Boots the guest with a bare QEMU (feasibility-virt.md §4); QEMU's memory 1 s after ready. */
async function bareBoot(entry: KernelCatalogEntry, dir: string): Promise<BareBoot> {
  let qemu: RoleMemory | undefined;
  const boot = await bareQemuBoot({
    image: entry,
    dir,
    memoryMiB: guestMiB,
    whenReady: async (pid) => {
      await sleep(1000);
      qemu = memoryOf(pid, 'bare qemu');
    },
  });
  if (qemu === undefined) throw new Error('bare QEMU had no pid');
  return { ...boot, qemu };
}

/** A crash as the handler sees it: QEMU died (Stopped Failed/Crashed) or the guest panicked. */
const isCrash = (event: DomainEvent): boolean =>
  event.type === 'Crashed' ||
  (event.type === 'Stopped' && (event.reason === 'Failed' || event.reason === 'Crashed'));

/** Kills the pod's QEMU with SIGKILL; returns the ms until the handler received the crash event. */
async function crashLatency(pod: LauncherPod): Promise<number> {
  const pid = qemuPid(pod.stateDir);
  const killed = performance.now();
  process.kill(pid, 'SIGKILL');
  const at = await waitFor('the crash event', () => eventAt(pod, isCrash), { ms: 30_000 });
  return at - killed;
}

/** Boots the guest through virt-launcher: spawn, dial, Sync, serial log; then the crash. */
async function launcherBoot(scratch: string, name: string): Promise<LauncherBoot> {
  const vmi = tinyVmi(name, guestMiB);
  const stateDir = join(scratch, name);
  const started: ChildProcess[] = [];
  const pods: LauncherPod[] = [];
  try {
    const pod = await startLauncherPod({ scratch, stateDir, vmi }, started);
    pods.push(pod);
    const synced = performance.now();
    const status = await pod.handler.request('Sync', { vmi }, { timeoutMs: 120_000 });
    const runningMs = performance.now() - synced;
    if (status.state !== 'Running') throw new Error(`Sync left the domain ${status.state}`);
    const log = join(stateDir, 'vm', 'serial.log');
    const bannerMs = await waitInFile(log, BANNER, synced);
    const readyMs = await waitInFile(log, READY, synced);
    await sleep(1000);
    const memory = podMemory(pod.child.pid ?? 0, stateDir);
    const crashMs = await crashLatency(pod);
    return { startMs: pod.startMs, runningMs, bannerMs, readyMs, crashMs, pod: memory };
  } catch (error) {
    throw withLogs(error, pods);
  } finally {
    await stopLauncherPods(pods, started);
  }
}

async function measure(ctx: BenchContext, warmRounds: number): Promise<Round[]> {
  const entry = await prepareTinyGuest(ctx.scratch);
  ctx.log('tiny guest image ready');
  const rounds: Round[] = [];
  for (let i = 0; i <= warmRounds; i += 1) {
    const bare = await bareBoot(entry, join(ctx.scratch, `bare${String(i)}`));
    const launcher = await launcherBoot(ctx.scratch, `vm${String(i)}`);
    rounds.push({ cold: i === 0, bare, launcher });
    ctx.log(
      `round ${i === 0 ? 'cold' : String(i)}: bare banner ${secs(bare.bannerMs)}, Sync→running ` +
        `${secs(launcher.runningMs)}, Sync→banner ${secs(launcher.bannerMs)}, crash ` +
        `${String(Math.round(launcher.crashMs))} ms, overhead RSS ${mib(overhead(launcher.pod, 'rssKiB'))} MiB`,
    );
  }
  return rounds;
}

// ---------------------------------------------------------------------------------------------
// Result

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number): number => Math.round((kib / 1024) * 10) / 10;
const whole = (ms: number): number => Math.round(ms);

/** The pod's memory beyond QEMU (every process but QEMU), KiB. */
function overhead(pod: readonly RoleMemory[], key: 'rssKiB' | 'pssKiB'): number {
  return pod.filter((p) => p.role !== 'qemu').reduce((sum, p) => sum + p[key], 0);
}

function roleTotal(pod: readonly RoleMemory[], role: string, key: 'rssKiB' | 'pssKiB'): number {
  return pod.filter((p) => p.role === role).reduce((sum, p) => sum + p[key], 0);
}

function startFigures(warm: readonly Round[], cold: Round): Figure[] {
  const bareBanner = {
    label: 'bare QEMU spawn→banner (same run)',
    value: whole(median(warm.map((r) => r.bare.bannerMs))),
    source: 'measured in this run',
  };
  return [
    {
      id: 'start.running',
      label: 'Sync → domain running (launcher answers Running)',
      unit: 'ms',
      better: 'lower',
      samples: warm.map((r) => whole(r.launcher.runningMs)),
      note: 'No bare-QEMU analogue: private libvirtd and virtlogd, domain XML, virsh create.',
    },
    {
      id: 'start.banner',
      label: 'Sync → guest banner on the serial log',
      unit: 'ms',
      better: 'lower',
      samples: warm.map((r) => whole(r.launcher.bannerMs)),
      anchor: bareBanner,
    },
    {
      id: 'start.cold-banner',
      label: 'First VM of the run: Sync → guest banner (empty capabilities cache)',
      unit: 'ms',
      better: 'lower',
      value: whole(cold.launcher.bannerMs),
      anchor: bareBanner,
      note: `libvirtd probes QEMU's capabilities first; Sync→running was ${secs(cold.launcher.runningMs)}.`,
    },
    {
      id: 'crash.reported',
      label: 'QEMU killed (SIGKILL) → crash event at the handler',
      unit: 'ms',
      better: 'lower',
      samples: warm.map((r) => whole(r.launcher.crashMs)),
      note: 'The launcher promises "within a second".',
    },
  ];
}

function memoryFigures(warm: readonly Round[]): Figure[] {
  // Like for like: the processes of KubeVirt's fixed 240 MiB other than QEMU (launcher-monitor
  // 25, virt-launcher 100, virtlogd 25, virtqemud 40), against ours other than QEMU.
  const kubevirt = {
    label: "KubeVirt's fixed budget for the pod's processes besides QEMU (240 − 50 MiB)",
    value: kubevirtOthersMiB,
    source: '../shared/reference/kubevirt.md §5.2',
  };
  const caveat =
    'launcher, libvirtd, virtlogd, virsh event and the namespace holder; QEMU is compared separately';
  return [
    {
      id: 'memory.overhead-rss',
      label:
        "virt-launcher's processes beyond QEMU, RSS (the density benchmark adds guest-console-log)",
      unit: 'MiB',
      better: 'lower',
      samples: warm.map((r) => mib(overhead(r.launcher.pod, 'rssKiB'))),
      anchor: kubevirt,
      note: caveat,
    },
    {
      id: 'memory.overhead-pss',
      label: "virt-launcher's processes beyond QEMU, PSS",
      unit: 'MiB',
      better: 'lower',
      samples: warm.map((r) => mib(overhead(r.launcher.pod, 'pssKiB'))),
      anchor: kubevirt,
      note: caveat,
    },
    {
      id: 'memory.qemu',
      label: `QEMU under libvirt, RSS (${String(guestMiB)} MiB guest)`,
      unit: 'MiB',
      better: 'lower',
      samples: warm.map((r) => mib(roleTotal(r.launcher.pod, 'qemu', 'rssKiB'))),
      anchor: {
        label: 'bare QEMU RSS (same run)',
        value: mib(median(warm.map((r) => r.bare.qemu.rssKiB))),
        source: 'measured in this run',
      },
    },
  ];
}

function roundsTable(rounds: readonly Round[]): Table {
  return {
    title: 'Per round (ms; the cold round is not in the figures)',
    columns: ['round', 'bare: banner', 'bare: ready', 'launcher: spawn→dialled'].concat([
      'Sync→running',
      'Sync→banner',
      'Sync→ready',
      'crash reported',
    ]),
    rows: rounds.map((r, i) => [
      r.cold ? 'cold' : String(i),
      ...[r.bare.bannerMs, r.bare.readyMs, r.launcher.startMs, r.launcher.runningMs].map(whole),
      ...[r.launcher.bannerMs, r.launcher.readyMs, r.launcher.crashMs].map(whole),
    ]),
  };
}

function memoryTable(warm: readonly Round[]): Table {
  const medianMiB = (f: (r: Round) => number): number => mib(median(warm.map(f)));
  const roles = [...new Set(warm.flatMap((r) => r.launcher.pod.map((p) => p.role)))];
  roles.sort((a, b) => (a === 'qemu' ? -1 : b === 'qemu' ? 1 : a.localeCompare(b)));
  const rows = roles.map((role) => [
    role === 'qemu' ? 'QEMU under libvirt' : role,
    medianMiB((r) => roleTotal(r.launcher.pod, role, 'rssKiB')),
    medianMiB((r) => roleTotal(r.launcher.pod, role, 'pssKiB')),
  ]);
  return {
    title: 'Memory per process (MiB, medians of the warm rounds)',
    columns: ['process', 'RSS', 'PSS'],
    rows: [
      ['bare QEMU', medianMiB((r) => r.bare.qemu.rssKiB), medianMiB((r) => r.bare.qemu.pssKiB)],
      ...rows,
      [
        'pod beyond QEMU',
        medianMiB((r) => overhead(r.launcher.pod, 'rssKiB')),
        medianMiB((r) => overhead(r.launcher.pod, 'pssKiB')),
      ],
    ],
  };
}

const method = `Builds the tiny guest (Debian cloud kernel + busybox initramfs), then each round boots it
twice, one after the other, under TCG with ${String(guestMiB)} MiB and 1 vCPU:

- **bare QEMU**: \`qemu-system-x86_64 -accel tcg -m ${String(guestMiB)} -nodefaults -display none
  -no-reboot -kernel … -initrd … -append … -serial file:…\` (feasibility-virt.md §4); the clock
  runs from spawn to the banner (\`Podvisor tiny guest:\`) and to \`podvisor-guest-ready\` in the
  serial file (polled every 10 ms).
- **launcher**: spawns the real \`virt-launcher\` and dials its socket as virt-handler does; sends
  \`Sync\` and times the reply with state Running (**Sync→running**: private libvirtd and virtlogd,
  domain XML, \`virsh create\`), then the banner and the ready line in \`vm/serial.log\`, both counted
  from Sync. **Crash reported**: then QEMU is killed with \`kill -9\`; the clock runs from the kill
  to the handler side's receipt of the \`DomainEvent\` (Stopped, reason Failed). Then an ACPI
  \`Shutdown\` and whatever is left is killed.
- **memory**: 1 s after the ready line, RSS (\`VmRSS\`) and PSS (\`smaps_rollup\`) of each process:
  the bare QEMU, and every process of the launcher's pod (the launcher, and every process naming
  its state directory or living in its private mount namespace: libvirtd, virtlogd, the long-lived
  \`virsh event\`, the namespace's \`unshare\` and \`sh\`, QEMU). **Beyond QEMU** is the sum of all but
  QEMU.

The first round starts with an empty \`--capabilities-cache-dir\` (libvirtd probes QEMU); it is
reported as its own figure and left out of the others, which are over the later rounds (the cache
shared, as virt-handler shares it node-wide).`;

function notesOf(warm: readonly Round[]): string {
  const share = (role: string): number =>
    mib(median(warm.map((r) => roleTotal(r.launcher.pod, role, 'rssKiB'))));
  const daemons = ['libvirtd', 'virtlogd', 'virsh event'].map(share).reduce((a, b) => a + b, 0);
  return `Most of the pod's memory beyond QEMU is the Node.js launcher process itself
(${String(share('launcher (node)'))} MiB RSS here: V8's heap plus the module graph loaded by type
stripping); libvirtd, virtlogd and \`virsh event\` together hold ~${String(Math.round(daemons))} MiB.
RSS counts shared libraries in every process that maps them, PSS splits them, so PSS is the fairer
sum. KubeVirt's fixed ${String(kubevirtFixedMiB)} MiB (kubevirt.md §5.2) is a budget, not a
measurement; the anchor above is its part for the processes other than QEMU
(${String(kubevirtOthersMiB)} MiB: virt-launcher-monitor, virt-launcher, virtlogd, virtqemud), so the
ratios compare like with like. QEMU itself is bigger under libvirt than bare (q35, VGA, VNC, SPICE, USB
tablet, serial log, guest-agent channel versus a bare ISA serial), and both exceed the guest memory
touched because TCG's translation cache and QEMU's own heap count too. Sync→banner holds
Sync→running plus the boot on libvirt's heavier machine (firmware, more devices), so its ratio to
the bare boot carries both. The cold first VM pays libvirt's capability probe once per node.`;
}

function result(rounds: readonly Round[]): BenchResult {
  const [cold, ...warm] = rounds;
  if (cold === undefined || warm.length === 0) throw new Error('launcher bench: no warm round');
  return {
    method,
    figures: [...startFigures(warm, cold), ...memoryFigures(warm)],
    tables: [roundsTable(rounds), memoryTable(warm)],
    notes: notesOf(warm),
    parameters: { rounds: warm.length, guestMiB, accel: 'tcg' },
    raw: rounds,
  };
}

/** virt-launcher: start latency against a bare QEMU boot, crash report latency, memory per VM. */
export const launcherBenchmark: Benchmark = {
  name: 'launcher',
  title: 'virt-launcher: start and memory per VM',
  needsRoot: true,
  expectedSeconds: 65,
  run: async (ctx) => {
    const rounds = Number(ctx.options['rounds'] ?? (ctx.quick ? '1' : '3'));
    if (!Number.isInteger(rounds) || rounds < 1) {
      throw new Error('launcher bench: option rounds must be a positive integer');
    }
    try {
      return result(await measure(ctx, rounds));
    } finally {
      await reapLeftovers(ctx.scratch, ctx.log);
    }
  },
};
