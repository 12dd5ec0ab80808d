// Benchmark `vm-start` (issue #13): one VM from the API request that creates it to its VMI's
// Running phase and to the guest's banner on the serial console, against a bare
// qemu-system-x86_64 boot of the same tiny guest in the same run (alternating rounds).
import { readdirSync } from 'node:fs';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { WebSocket } from 'ws';
import { createUpstream, type Credential, type Upstream } from '@podvisor/bff';
import {
  median,
  type Benchmark,
  type BenchContext,
  type BenchResult,
  type Figure,
  type Table,
} from '@podvisor/bench';
import { field, installPodvisor, vmManifest, type Json } from '../test/podvisor-helpers.ts';
import { startPodvisorCluster } from '../test/start-podvisor-cluster.ts';
import { resolveContainerDisk } from '@podvisor/operator';
import {
  BANNER as guestBanner,
  READY as guestReady,
  bareQemuBoot,
  readText,
  waitFor,
  type BareBoot,
  type KernelImage,
} from '@podvisor/operator/bench/bare-qemu';

const namespace = 'bench';
const asKubeconfig: Credential = { kind: 'kubeconfig' };
const vmisPath = `/apis/kubevirt.io/v1/namespaces/${namespace}/virtualmachineinstances`;
const vmsPath = `/apis/kubevirt.io/v1/namespaces/${namespace}/virtualmachines`;
const podsPath = `/api/v1/namespaces/${namespace}/pods`;
const consolePath = (vmi: string): string =>
  `/apis/subresources.kubevirt.io/v1/namespaces/${namespace}/virtualmachineinstances/${vmi}/console`;
const phases = ['Pending', 'Scheduling', 'Scheduled', 'Running'] as const;
const roundTimeoutMs = 120_000;
/** Every API request and watch handshake gives up after this long. */
const requestTimeoutMs = 30_000;

/** Named moments of one round: `Date.now()` when each was first seen, and waits on them. */
class Moments {
  readonly #at = new Map<string, number>();
  #failure: Error | undefined;

  mark(name: string, at = Date.now()): void {
    if (!this.#at.has(name)) this.#at.set(name, at);
  }

  get(name: string): number | undefined {
    return this.#at.get(name);
  }

  fail(error: Error): void {
    this.#failure ??= error;
  }

  /** Resolves with the moment once it is marked (the wait's own polling does not move it). */
  async wait(name: string, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.#at.get(name);
      if (at !== undefined) return at;
      if (this.#failure !== undefined) throw this.#failure;
      if (Date.now() > deadline)
        throw new Error(`${name} not seen within ${String(timeoutMs)} ms (seen: ${this.seen()})`);
      await sleep(10);
    }
  }

  /** Every moment in ms after `t0`. */
  since(t0: number): Record<string, number> {
    return Object.fromEntries([...this.#at].map(([name, at]) => [name, at - t0]));
  }

  seen(): string {
    return [...this.#at.keys()].join(', ') || 'nothing';
  }
}

interface Closable {
  close(): void;
}

/** The error of a request on a kept-alive connection the API server had closed meanwhile. */
function isConnectionReset(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ECONNRESET';
}

/**
 * Runs `attempt` up to three times while it fails with a reset connection (an idle keep-alive
 * connection closed by the API server: the request never got an answer).
 */
async function retryingResets<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConnectionReset(error) || tries >= 3) throw error;
    }
  }
}

/**
 * One JSON request as the kubeconfig's user, aborted after {@link requestTimeoutMs}; all but a
 * POST are retried on a reset connection (a POST is never repeated: it would move t0).
 */
function api(
  upstream: Upstream,
  request: Omit<Parameters<Upstream['json']>[1], 'signal'>,
): Promise<unknown> {
  const send = (): Promise<unknown> =>
    upstream.json(asKubeconfig, { ...request, signal: AbortSignal.timeout(requestTimeoutMs) });
  return request.method === 'POST' ? send() : retryingResets(send);
}

function responseOf(request: ClientRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no answer to ${request.path} within ${String(requestTimeoutMs)} ms`));
      request.destroy();
    }, requestTimeoutMs);
    request.once('response', (response) => {
      clearTimeout(timer);
      resolve(response);
    });
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end();
  });
}

/**
 * Lists `path`, then watches it from the list's resourceVersion (so nothing created after the
 * list is missed, however late the watch registers); `onEvent` gets each object on receipt.
 */
async function watchCollection(
  upstream: Upstream,
  path: string,
  onEvent: (object: Json, at: number) => void,
): Promise<Closable> {
  const list = (await api(upstream, { method: 'GET', path })) as Json;
  const version = String(field(list, 'metadata.resourceVersion'));
  const abort = new AbortController();
  const response = await retryingResets(async () => {
    const request = await upstream.open(asKubeconfig, {
      method: 'GET',
      path: `${path}?watch=1&resourceVersion=${encodeURIComponent(version)}`,
      signal: abort.signal,
    });
    const answer = await responseOf(request);
    request.on('error', () => undefined); // the abort on close
    return answer;
  });
  response.on('error', () => undefined);
  if (response.statusCode !== 200)
    throw new Error(`watch ${path}: HTTP ${String(response.statusCode)}`);
  let pending = '';
  response.on('data', (chunk: Buffer) => {
    const at = Date.now();
    pending += chunk.toString('utf8');
    for (let eol = pending.indexOf('\n'); eol >= 0; eol = pending.indexOf('\n')) {
      const line = pending.slice(0, eol).trim();
      pending = pending.slice(eol + 1);
      if (line !== '') onEvent((JSON.parse(line) as { object: Json }).object, at);
    }
  });
  return {
    close: () => {
      abort.abort();
    },
  };
}

/** How to reach one VMI's serial console and what to do with what it sends. */
interface ConsoleTarget {
  readonly upstream: Upstream;
  readonly vmi: string;
  /** Called in the socket's `open` event, before any frame. */
  readonly onOpen: (at: number) => void;
  readonly onChunk: (chunk: Buffer, at: number) => void;
}

/** One try at virt-api's serial console through the API server, as `kubectl virt console`. */
async function openConsole(target: ConsoleTarget): Promise<WebSocket> {
  const dial = await target.upstream.dial(asKubeconfig);
  const socket = new WebSocket(`${dial.base}${consolePath(target.vmi)}`, ['plain.kubevirt.io'], {
    headers: dial.headers,
    ...(dial.ca === undefined ? {} : { ca: dial.ca }),
    ...(dial.cert === undefined ? {} : { cert: dial.cert }),
    ...(dial.key === undefined ? {} : { key: dial.key }),
    rejectUnauthorized: dial.rejectUnauthorized,
    perMessageDeflate: false,
    handshakeTimeout: 10_000,
  });
  socket.on('message', (data: Buffer) => {
    target.onChunk(data, Date.now());
  });
  socket.on('error', () => undefined); // after open: the VM going away ends the stream
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      target.onOpen(Date.now());
      resolve(socket);
    });
    socket.once('error', reject);
    socket.once('unexpected-response', (req, response) => {
      reject(new Error(`console of ${target.vmi}: HTTP ${String(response.statusCode)}`));
      req.destroy();
    });
  });
}

/** Attaches to the console, retrying every 50 ms for 15 s (virt-api may not see Running yet). */
async function attachConsole(target: ConsoleTarget): Promise<WebSocket> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await openConsole(target);
    } catch (error) {
      if (Date.now() > deadline) throw error instanceof Error ? error : new Error(String(error));
      await sleep(50);
    }
  }
}

/** The cluster a round runs against. */
interface Env {
  readonly upstream: Upstream;
  readonly dataDir: string;
}

/** One Podvisor round in progress. */
interface Round {
  readonly env: Env;
  readonly name: string;
  readonly moments: Moments;
  readonly open: Closable[];
  readonly state: { closed: boolean; consoleText: string; vmiUid?: string };
}

/** Milestones of one VM start, in ms after the POST that created the VM (keys as in Moments). */
type VmStart = Readonly<Record<string, number>>;

function onConsoleChunk(round: Round, chunk: Buffer, at: number): void {
  round.state.consoleText += chunk.toString('latin1');
  if (guestBanner.test(round.state.consoleText)) round.moments.mark('console.banner', at);
  if (guestReady.test(round.state.consoleText)) round.moments.mark('console.ready', at);
}

async function startConsole(round: Round): Promise<void> {
  try {
    const socket = await attachConsole({
      upstream: round.env.upstream,
      vmi: round.name,
      onOpen: (at) => {
        round.moments.mark('console.open', at);
      },
      onChunk: (chunk, at) => {
        onConsoleChunk(round, chunk, at);
      },
    });
    if (round.state.closed) socket.terminate();
    else
      round.open.push({
        close: () => {
          socket.terminate();
        },
      });
  } catch (error) {
    round.moments.fail(error instanceof Error ? error : new Error(String(error)));
  }
}

function onVmiEvent(round: Round, vmi: Json, at: number): void {
  if (field(vmi, 'metadata.name') !== round.name) return;
  round.moments.mark('vmi.created', at);
  const uid = field(vmi, 'metadata.uid');
  if (typeof uid === 'string') round.state.vmiUid = uid;
  const phase = field(vmi, 'status.phase');
  if (typeof phase !== 'string' || phase === '') return;
  round.moments.mark(`vmi.${phase}`, at);
  if (phase !== 'Running' || round.moments.get('console.attaching') !== undefined) return;
  round.moments.mark('console.attaching', at);
  void startConsole(round);
}

/** Where the node keeps a launcher pod's serial log (its `private` emptyDir, `vm/serial.log`). */
function serialLogPath(dataDir: string, podUid: string): string {
  const nodes = join(dataDir, 'nodes');
  const node = readdirSync(nodes)[0] ?? 'node-1';
  const volume = join(nodes, node, 'pods', podUid, 'volumes', 'kubernetes.io~empty-dir');
  return join(volume, 'private', 'vm', 'serial.log');
}

/** The cross-check: the banner and ready lines polled in the serial log file, as for bare QEMU. */
async function pollSerialLog(round: Round, podUid: string): Promise<void> {
  const file = serialLogPath(round.env.dataDir, podUid);
  const seen = async (pattern: RegExp): Promise<number> => {
    await waitFor(
      `${String(pattern)} in ${file}`,
      () => {
        if (round.state.closed) throw new Error('the round ended');
        return pattern.test(readText(file)) || undefined;
      },
      { ms: roundTimeoutMs },
    );
    return Date.now();
  };
  try {
    round.moments.mark('log.banner', await seen(guestBanner));
    round.moments.mark('log.ready', await seen(guestReady));
  } catch {
    // A cross-check only: a missing moment shows as "—" in the table.
  }
}

function onPodEvent(round: Round, pod: Json, at: number): void {
  const labels = field(pod, 'metadata.labels') as Json | undefined;
  if (labels?.['vm.kubevirt.io/name'] !== round.name) return;
  round.moments.mark('pod.created', at);
  if (field(pod, 'status.phase') === 'Running') round.moments.mark('pod.Running', at);
  const uid = field(pod, 'metadata.uid');
  if (typeof uid !== 'string' || round.moments.get('log.polling') !== undefined) return;
  round.moments.mark('log.polling', at);
  void pollSerialLog(round, uid);
}

/** A process on this machine: its parent, command line and start on the `Date.now()` clock. */
interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly cmdline: string;
  readonly startedAt: number;
}

/** Every process, with start times from `/proc/PID/stat` (10 ms ticks) and `/proc/uptime`. */
function processTable(): Proc[] {
  const bootMs = Date.now() - Number(readText('/proc/uptime').split(' ')[0]) * 1000;
  const table: Proc[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = readText(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state)
    const cmdline = readText(`/proc/${pid}/cmdline`).replaceAll('\0', ' ');
    if (cmdline === '' || fields.length < 20) continue;
    const startedAt = bootMs + Number(fields[19]) * 10; // field 22: starttime
    table.push({ pid: Number(pid), ppid: Number(fields[1]), cmdline, startedAt });
  }
  return table;
}

function earliest(procs: readonly Proc[]): number | undefined {
  return procs.length === 0 ? undefined : Math.min(...procs.map((p) => p.startedAt));
}

/**
 * Marks when the VMI's launcher process started (`--vmi-uid UID`), when it spawned its private
 * libvirt daemons (its child `setpriv`/`unshare … libvirtd -p …`) and when QEMU (`-uuid UID`)
 * started; sampled while they run, ±20 ms.
 */
function markProcessStarts(round: Round): void {
  const uid = round.state.vmiUid;
  if (uid === undefined) return;
  const table = processTable();
  const launchers = table.filter((p) => p.cmdline.includes(`--vmi-uid ${uid}`));
  const launcherPids = new Set(launchers.map((p) => p.pid));
  const daemons = table.filter(
    (p) => launcherPids.has(p.ppid) && p.cmdline.includes('libvirtd -p'),
  );
  const qemu = table.filter(
    (p) => p.cmdline.includes('qemu-system') && p.cmdline.includes(`-uuid ${uid}`),
  );
  const moments: [string, number | undefined][] = [
    ['proc.launcher', earliest(launchers)],
    ['proc.libvirtd', earliest(daemons)],
    ['proc.qemu', earliest(qemu)],
  ];
  for (const [name, at] of moments) if (at !== undefined) round.moments.mark(name, at);
}

/** The VMI's phaseTransitionTimestamps as `stamp.<phase>`, in ms after `t0`. */
function phaseStamps(vmi: Json, t0: number): Record<string, number> {
  const list = field(vmi, 'status.phaseTransitionTimestamps');
  const stamps: Record<string, number> = {};
  if (!Array.isArray(list)) return stamps;
  for (const entry of list as Json[]) {
    const when = Date.parse(String(entry['phaseTransitionTimestamp']));
    if (Number.isFinite(when)) stamps[`stamp.${String(entry['phase'])}`] = when - t0;
  }
  return stamps;
}

/**
 * Creates the VM (watches on its VMI and pods already open), attaches to the console as soon as
 * the VMI is Running, and returns once the guest's ready line came through the console.
 */
async function podvisorRound(env: Env, name: string): Promise<VmStart> {
  const round: Round = {
    env,
    name,
    moments: new Moments(),
    open: [],
    state: { closed: false, consoleText: '' },
  };
  try {
    round.open.push(
      await watchCollection(env.upstream, vmisPath, (vmi, at) => {
        onVmiEvent(round, vmi, at);
      }),
      await watchCollection(env.upstream, podsPath, (pod, at) => {
        onPodEvent(round, pod, at);
      }),
    );
    const body = JSON.parse(vmManifest(name, { runStrategy: 'Always', namespace })) as Json;
    const t0 = Date.now();
    await api(env.upstream, { method: 'POST', path: vmsPath, body });
    await round.moments.wait('console.ready', roundTimeoutMs);
    await round.moments.wait('log.ready', 2_000).catch(() => 0);
    markProcessStarts(round);
    const vmi = (await api(env.upstream, {
      method: 'GET',
      path: `${vmisPath}/${name}`,
    })) as Json;
    return { ...round.moments.since(t0), ...phaseStamps(vmi, t0) };
  } finally {
    round.state.closed = true;
    for (const stream of round.open) stream.close();
  }
}

/** Deletes the VM and waits until its launcher pod is gone; ms from the DELETE. */
async function deleteVm(env: Env, name: string): Promise<number> {
  const started = Date.now();
  await api(env.upstream, { method: 'DELETE', path: `${vmsPath}/${name}` }).catch(
    (error: unknown) => {
      // Gone already: a retried DELETE whose first try went through.
      if ((error as { code?: unknown }).code !== 404) throw error;
    },
  );
  const selector = encodeURIComponent(`vm.kubevirt.io/name=${name}`);
  for (;;) {
    const pods = (await api(env.upstream, {
      method: 'GET',
      path: `${podsPath}?labelSelector=${selector}`,
    })) as Json;
    const items = field(pods, 'items');
    if (Array.isArray(items) && items.length === 0) return Date.now() - started;
    if (Date.now() - started > 60_000)
      throw new Error(`the launcher pod of ${name} still exists 60 s after deleting the VM`);
    await sleep(100);
  }
}

/** One VM start, then its deletion (also when the start failed). */
async function measuredRound(env: Env, name: string): Promise<VmStart> {
  let start: VmStart;
  try {
    start = await podvisorRound(env, name);
  } catch (error) {
    await deleteVm(env, name).catch(() => 0);
    throw error;
  }
  return { ...start, 'delete.podGone': await deleteVm(env, name) };
}

/** Everything measured in one run. */
interface Measured {
  /** The warm-up VM: the node's first (libvirt capability cache, image, JIT); not in the samples. */
  readonly cold: VmStart;
  readonly vms: readonly VmStart[];
  readonly bare: readonly BareBoot[];
}

/** The tiny guest of the cluster's local image catalog (built by `podvisor images build tiny`). */
function tinyImage(dataDir: string): KernelImage {
  const resolved = resolveContainerDisk('podvisor.local/tiny', dataDir);
  if (!resolved.ok || resolved.entry.kind !== 'kernel') {
    throw new Error(`no tiny kernel image in ${dataDir}'s image catalog`);
  }
  return resolved.entry;
}

async function measure(ctx: BenchContext, env: Env, rounds: number): Promise<Measured> {
  const image: KernelImage = tinyImage(env.dataDir);
  ctx.log('warm-up: the first VM on the node (not counted)');
  const cold = await measuredRound(env, 'start-cold');
  ctx.log(`  cold: Running ${ms(cold['vmi.Running'])}, banner ${ms(cold['console.banner'])} ms`);
  const vms: VmStart[] = [];
  const bare: BareBoot[] = [];
  for (let i = 0; i < rounds; i++) {
    const boot = await bareQemuBoot({ image, dir: join(ctx.scratch, `bare-${String(i)}`) });
    bare.push(boot);
    const vm = await measuredRound(env, `start-${String(i)}`);
    vms.push(vm);
    ctx.log(
      `round ${String(i + 1)}/${String(rounds)}: bare banner ${String(boot.bannerMs)} ms; ` +
        `VM Running ${ms(vm['vmi.Running'])}, banner ${ms(vm['console.banner'])}, ` +
        `ready ${ms(vm['console.ready'])} ms`,
    );
  }
  return { cold, vms, bare };
}

function ms(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : String(Math.round(value));
}

/** The samples of one milestone over the rounds that saw it. */
function samplesOf(vms: readonly VmStart[], key: string): number[] {
  return vms.map((vm) => vm[key]).filter((v): v is number => v !== undefined);
}

function medianOf(vms: readonly VmStart[], key: string): number {
  return median(samplesOf(vms, key));
}

const sameRun = 'measured in this run';

function figuresOf(m: Measured): Figure[] {
  const bareBanner = median(m.bare.map((b) => b.bannerMs));
  const bareReady = median(m.bare.map((b) => b.readyMs));
  return [
    {
      id: 'start.banner',
      label: 'create VM → guest banner on the serial console',
      unit: 'ms',
      better: 'lower',
      samples: samplesOf(m.vms, 'console.banner'),
      anchor: { label: 'bare QEMU spawn → banner (same run)', value: bareBanner, source: sameRun },
    },
    {
      id: 'start.ready',
      label: 'create VM → guest shell ready on the serial console',
      unit: 'ms',
      better: 'lower',
      samples: samplesOf(m.vms, 'console.ready'),
      anchor: { label: 'bare QEMU spawn → ready (same run)', value: bareReady, source: sameRun },
    },
    {
      id: 'start.running',
      label: 'create VM → VMI phase Running (watch event received)',
      unit: 'ms',
      better: 'lower',
      samples: samplesOf(m.vms, 'vmi.Running'),
      note: 'No anchor: bare QEMU has no Running phase, and KubeVirt publishes no single-VM start time (the density benchmark compares with its P50).',
    },
    {
      id: 'start.cold-banner',
      label: "the node's first VM (cold): create VM → banner on the console",
      unit: 'ms',
      better: 'lower',
      value: m.cold['console.banner'] ?? Number.NaN,
      note: "Once per node: libvirt probes QEMU's capabilities into an empty cache, the image and the code paths are cold.",
    },
  ];
}

function roundRow(label: string, vm: VmStart, bare?: BareBoot): string[] {
  const keys = ['vmi.Running', 'console.open', 'console.banner', 'console.ready'];
  return [
    label,
    ...keys.map((key) => ms(vm[key])),
    ms(vm['log.banner']),
    ms(vm['log.ready']),
    ms(bare?.bannerMs),
    ms(bare?.readyMs),
    ms(vm['delete.podGone']),
  ];
}

function phaseRow(label: string, vm: VmStart): string[] {
  const podStart = (vm['pod.Running'] ?? Number.NaN) - (vm['pod.created'] ?? Number.NaN);
  return [
    label,
    ...phases.map((phase) => ms(vm[`stamp.${phase}`])),
    ms(vm['vmi.Running']),
    ms(vm['pod.created']),
    ms(vm['pod.Running']),
    ms(podStart),
    ms(vm['proc.launcher']),
    ms(vm['proc.libvirtd']),
    ms(vm['proc.qemu']),
  ];
}

function tablesOf(m: Measured): Table[] {
  const labels = m.vms.map((_, i) => String(i + 1));
  return [
    {
      title: 'Per round, ms after the POST that creates the VM (bare QEMU: ms after its spawn)',
      columns: [
        'round',
        'VMI Running (watch)',
        'console open',
        'banner (console)',
        'ready (console)',
        'banner (serial.log)',
        'ready (serial.log)',
        'bare: banner',
        'bare: ready',
        'DELETE → pod gone',
      ],
      rows: [
        roundRow('cold (warm-up)', m.cold),
        ...m.vms.map((vm, i) => roundRow(labels[i] ?? '', vm, m.bare[i])),
      ],
    },
    {
      title:
        'VMI phases (status.phaseTransitionTimestamps) and the launcher pod, ms after the POST',
      columns: [
        'round',
        ...phases.map((phase) => (phase === 'Running' ? 'Running (stamp, whole s)' : phase)),
        'Running (watch)',
        'pod created (watch)',
        'pod Running (watch)',
        'pod creation → Running',
        'launcher process start',
        'libvirt daemons spawned',
        'QEMU spawn',
      ],
      rows: [
        phaseRow('cold (warm-up)', m.cold),
        ...m.vms.map((vm, i) => phaseRow(labels[i] ?? '', vm)),
      ],
    },
  ];
}

/** The median interval between two milestones over the measured rounds. */
function step(vms: readonly VmStart[], from: string, to: string): string {
  return ms(median(vms.map((vm) => (vm[to] ?? Number.NaN) - (vm[from] ?? Number.NaN))));
}

function notesOf(m: Measured): string {
  const { vms } = m;
  const live = vms.filter(
    (vm) => (vm['console.open'] ?? Infinity) < (vm['log.banner'] ?? 0),
  ).length;
  const bareBanner = median(m.bare.map((b) => b.bannerMs));
  return [
    'Where the time goes (medians of the measured rounds, ms):',
    '',
    `- POST → VMI Pending (stamp): ${ms(medianOf(vms, 'stamp.Pending'))}: the VM controller creates the VMI.`,
    `- Pending → Scheduling: ${step(vms, 'stamp.Pending', 'stamp.Scheduling')}: virt-controller renders and creates the launcher pod.`,
    `- Scheduling → Scheduled: ${step(vms, 'stamp.Scheduling', 'stamp.Scheduled')}: the pod is bound and its launcher starts ` +
      `(pod creation → Running, watch: ${step(vms, 'pod.created', 'pod.Running')}).`,
    `- Scheduled → QEMU spawned: ${step(vms, 'stamp.Scheduled', 'proc.qemu')}. Launcher process start → ` +
      `its private libvirtd spawned: ${step(vms, 'proc.launcher', 'proc.libvirtd')} (Node.js loading the ` +
      "launcher, virt-handler's Sync once the VMI is Scheduled, the disks prepared); libvirtd spawned → " +
      `QEMU spawned: ${step(vms, 'proc.libvirtd', 'proc.qemu')} (libvirtd and virtlogd starting, the ` +
      'domain XML, `virsh create`).',
    `- QEMU spawned → Running (watch): ${step(vms, 'proc.qemu', 'vmi.Running')}: the domain reported running ` +
      'to virt-handler, which writes the phase.',
    `- QEMU spawned → banner in serial.log: ${step(vms, 'proc.qemu', 'log.banner')}, against bare QEMU ` +
      `spawn → banner ${ms(bareBanner)}: libvirt starts QEMU paused (\`-S\`) and sets it up over QMP before ` +
      "resuming it, then the guest boots under TCG on libvirt's machine (q35, VGA, USB, virtio disk, " +
      'guest-agent channel, serial through virtlogd) instead of the bare one.',
    `- banner → ready (console): ${step(vms, 'console.banner', 'console.ready')}: the guest's init to its shell.`,
    `- serial.log → console websocket: ${step(vms, 'log.banner', 'console.banner')} for the banner ` +
      '(virt-handler → virt-api → API server → client); the file is polled every 10 ms, so a value ' +
      'around or below 0 means the console path adds no measurable delay.',
    '',
    `The console was attached before the banner was written in ${String(live)} of ${String(vms.length)} rounds, ` +
      'so the banner figure is the live line, not a replay of the scrollback.',
  ].join('\n');
}

const method = [
  'Podvisor on the embedded cluster (`podvisor cluster --nodes 1`), installed from `deploy/overlays/local` ',
  'with the tiny guest image. Each round first boots the tiny guest with a bare ',
  '`qemu-system-x86_64 -accel tcg -m 128 -nodefaults -display none -no-reboot -kernel … -initrd … -append … ',
  '-serial file:…` (the same files and command line as the catalog entry), timing spawn → `Podvisor tiny guest:` and ',
  'spawn → `podvisor-guest-ready` in the file (polled every 10 ms). Then a VirtualMachine (runStrategy Always, ',
  '1 core, 128Mi, `podvisor.local/tiny`) is POSTed to the API server; **t0** is taken just before the POST. ',
  "Watches on the namespace's VMIs and pods (opened from a list's resourceVersion before the POST) give ",
  "each phase's receipt time; on the first VMI event with `status.phase: Running` the client attaches to ",
  "virt-api's serial console through the API server (`subresources.kubevirt.io` `console`, `plain.kubevirt.io`, ",
  'as `kubectl virt console`), retrying until virt-api accepts. **banner**/**ready** stop when the websocket ',
  "frame carrying the line arrives. virt-handler's console hub connects to QEMU's serial socket on the first ",
  'attach and replays only what it received since then, so a banner printed before the attach would not reach ',
  'the console at all (it would time out, not be replayed early); as a cross-check the serial log file in the ',
  "launcher pod's volume on the node is polled like the bare one (table). ",
  'The VM is then deleted and the next round waits until its launcher pod is gone. ',
  'A warm-up VM is created, run to the banner and deleted first and is not in the samples ',
  "(libvirt's capability cache, the page cache, the code paths); its create → banner is reported as the cold ",
  'first start, because the first VM on a node pays it.',
].join('');

/** `vm-start`: one VM from the create request to Running and to the guest banner, against bare QEMU. */
export const vmStartBenchmark: Benchmark = {
  name: 'vm-start',
  title: 'Start latency, one VM',
  needsRoot: true,
  expectedSeconds: 70,
  run: async (ctx) => {
    const rounds = Number(ctx.options['rounds'] ?? (ctx.quick ? '1' : '3'));
    if (!Number.isInteger(rounds) || rounds < 1)
      throw new Error('rounds must be a positive integer');
    ctx.log('starting the embedded cluster (1 node) and installing Podvisor');
    const cluster = await startPodvisorCluster({ nodes: 1 });
    try {
      await installPodvisor(cluster);
      const created = await cluster.kubectl(['create', 'namespace', namespace]);
      if (created.code !== 0) throw new Error(`kubectl create namespace: ${created.stderr}`);
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(join(cluster.dataDir, 'kubeconfig'));
      const upstream = createUpstream(kubeConfig);
      try {
        const measured = await measure(ctx, { upstream, dataDir: cluster.dataDir }, rounds);
        return report(measured, rounds);
      } finally {
        upstream.close();
      }
    } finally {
      await cluster.close();
    }
  },
};

function report(m: Measured, rounds: number): BenchResult {
  return {
    method,
    figures: figuresOf(m),
    tables: tablesOf(m),
    notes: notesOf(m),
    parameters: { rounds, nodes: 1, memory: '128Mi', guest: 'podvisor.local/tiny', accel: 'tcg' },
    raw: m,
  };
}
