// Benchmark of the console path (not a test): Podvisor installed on the embedded cluster with a
// real tiny VM, and `podvisor console --auth token` as its own process. It measures:
// - the guest's serial console through the whole path a browser uses (websocket → BFF → API
//   server → virt-api → virt-handler → QEMU's serial socket in the launcher pod): keystroke echo,
//   a command's round trip and the throughput of a large output; the same on QEMU's serial socket
//   directly (the anchor, measured first: QEMU's serial chardev takes one client at a time);
// - watch delivery: 100 /api/watch sockets (10 users × 10 tabs) and configmaps created at a
//   steady rate, each carrying its creation time, timed at every socket;
// - 20 serial consoles open at once through the BFF, each round-tripping a command in turn;
// - the BFF process's memory at each stage and the upstream watches it holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { WebSocket } from 'ws';
import {
  median,
  type Anchor,
  percentile,
  readProcessMemory,
  type BenchContext,
  type BenchResult,
  type Benchmark,
  type Figure,
  type Table,
} from '@podvisor/bench';
import { addUser } from '@podvisor/cluster';
import { createUpstream } from '@podvisor/bff';
import { signInWithToken, type SignedIn } from '@podvisor/bff/testing';
import { installPodvisor, vmHelpers, vmManifest } from '../test/podvisor-helpers.ts';
import { startPodvisorCluster, type PodvisorCluster } from '../test/start-podvisor-cluster.ts';
import {
  commandRoundTrip,
  keystrokeEchoes,
  outputThroughput,
  timeUntil,
  waitForQuiet,
  type OutputTiming,
  type SerialLine,
} from './serial-probe.ts';

const namespace = 'bench';
const vm = 'bench-vm';
const userCount = 10;
const tabsPerUser = 10;
const cli = join(import.meta.dirname, '..', '..', 'apps', 'cli', 'bin', 'podvisor.js');

/** What shapes a run (from `ctx.options`). */
interface Options {
  /** Configmaps created for the watch delivery test. */
  readonly events: number;
  /** Configmaps created per second. */
  readonly rate: number;
  /** Single keystrokes timed on each path. */
  readonly keystrokes: number;
  /** Milliseconds between keystrokes. */
  readonly gapMs: number;
  /** `seq 1 <lines>` for the output throughput. */
  readonly lines: number;
  /** Throughput runs on each path. */
  readonly rounds: number;
  /** Command round trips on each single console. */
  readonly commands: number;
  /** Consoles open at once through the BFF. */
  readonly consoles: number;
}

function readOptions(ctx: BenchContext): Options {
  const o = ctx.options;
  const number = (key: string, full: number, quick: number): number => {
    const value = Number(o[key] ?? (ctx.quick ? quick : full));
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--set ${key}: not a positive number`);
    return value;
  };
  return {
    events: number('events', 200, 50),
    rate: number('rate', 40, 40),
    keystrokes: number('keystrokes', 50, 20),
    gapMs: number('gap', 50, 50),
    lines: number('lines', 200_000, 20_000),
    rounds: number('rounds', 2, 1),
    commands: number('commands', 5, 3),
    consoles: number('consoles', 20, 5),
  };
}

// ---------------------------------------------------------------------------------------------
// Sockets, processes and cleanup

/** Everything to close at the end, whatever happened. */
class Resources {
  readonly #closers: (() => Promise<void> | void)[] = [];

  add(close: () => Promise<void> | void): void {
    this.#closers.push(close);
  }

  async closeAll(log: (line: string) => void): Promise<void> {
    for (const close of this.#closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        log(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** Resolves when `socket` is open; rejects on an error, an early close or after `timeoutMs`. */
function opened(socket: WebSocket, what: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`${what}: ${why}`));
    };
    const timer = setTimeout(() => {
      fail(`not open within ${String(timeoutMs)} ms`);
    }, timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      fail(error.message);
    });
    socket.once('close', (code, reason) => {
      fail(`closed with ${String(code)} ${reason.toString()}`);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A line listeners can subscribe to, fed by `subscribe(feed)`. */
function fanIn(write: (bytes: Buffer) => void): SerialLine & { feed: (chunk: Buffer) => void } {
  const listeners = new Set<(chunk: Buffer) => void>();
  return {
    write,
    onData: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    feed: (chunk) => {
      for (const listener of [...listeners]) listener(chunk);
    },
  };
}

/**
 * QEMU's serial socket, connected directly (as virt-handler does, without its hub). The pod's
 * path is longer than a unix socket address takes, so it is reached through an open descriptor
 * of its directory (`/proc/self/fd/N/serial.sock`).
 */
function directSerialLine(path: string, resources: Resources): Promise<SerialLine> {
  const dir = openSync(dirname(path), 'r');
  return new Promise<SerialLine>((resolve, reject) => {
    const socket = connect(`/proc/self/fd/${String(dir)}/${basename(path)}`);
    resources.add(() => {
      socket.destroy();
    });
    const line = fanIn((bytes) => socket.write(bytes));
    socket.on('data', line.feed);
    const timer = setTimeout(() => {
      reject(new Error(`${path}: no connection within 10 s`));
    }, 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(line);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`connecting to the serial socket ${path}: ${error.message}`));
    });
  }).finally(() => {
    closeSync(dir);
  });
}

/** A serial console websocket to the BFF, opened and used as the console's browser code does. */
async function bffSerialLine(
  url: string,
  user: SignedIn,
  resources: Resources,
): Promise<SerialLine> {
  const socket = new WebSocket(
    `${url.replace('http', 'ws')}/api/consoles/${namespace}/${vm}/serial`,
    ['plain.kubevirt.io'],
    { headers: { Origin: url, Cookie: user.cookie } },
  );
  resources.add(() => {
    socket.terminate();
  });
  // The browser sends every keystroke as one binary frame (SerialConnection.sendInput).
  const line = fanIn((bytes) => {
    socket.send(bytes, { binary: true });
  });
  socket.on('message', (data: Buffer) => {
    line.feed(data);
  });
  await opened(socket, 'the BFF serial console');
  return line;
}

// ---------------------------------------------------------------------------------------------
// Cluster, VM and BFF

async function kubectl(
  cluster: PodvisorCluster,
  args: readonly string[],
  stdin?: string,
): Promise<string> {
  const result = await cluster.kubectl(args, stdin);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function bootVm(cluster: PodvisorCluster, log: (line: string) => void): Promise<void> {
  log('installing Podvisor (deploy/overlays/local) and the tiny guest image…');
  await installPodvisor(cluster);
  await kubectl(cluster, ['create', 'namespace', namespace]);
  await kubectl(
    cluster,
    ['apply', '-f', '-'],
    vmManifest(vm, { runStrategy: 'Always', namespace }),
  );
  log('booting the tiny VM…');
  const { waitForGuestShell, waitForPrintableStatus } = vmHelpers(() => cluster, namespace);
  await waitForPrintableStatus(vm, 'Running');
  await waitForGuestShell(vm);
}

/** Where the VM's launcher pod keeps QEMU's serial socket on this node, and the VMI's uid. */
async function serialSocket(cluster: PodvisorCluster): Promise<{ path: string; vmiUid: string }> {
  const vmiUid = (
    await kubectl(cluster, ['get', 'vmi', vm, '-n', namespace, '-o', 'jsonpath={.metadata.uid}'])
  ).trim();
  const selector = `kubevirt.io=virt-launcher,kubevirt.io/created-by=${vmiUid}`;
  const podUid = (
    await kubectl(cluster, [
      'get',
      'pods',
      '-n',
      namespace,
      '-l',
      selector,
      '-o',
      'jsonpath={.items[0].metadata.uid}',
    ])
  ).trim();
  const nodes = join(cluster.dataDir, 'nodes');
  for (const node of readdirSync(nodes)) {
    // virt-handler's launcherVmDir: <pods>/<uid>/volumes/kubernetes.io~empty-dir/private/vm.
    const path = join(
      nodes,
      node,
      'pods',
      podUid,
      'volumes',
      'kubernetes.io~empty-dir',
      'private',
      'vm',
      'serial.sock',
    );
    if (existsSync(path)) return { path, vmiUid };
  }
  throw new Error(`no serial.sock for launcher pod ${podUid} under ${nodes}`);
}

/** The QEMU process running the VMI (libvirt gives the domain the VMI's uid). */
function qemuPid(vmiUid: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.includes('qemu-system') === true && argv.includes(vmiUid)) return Number(entry);
    } catch {
      // The process is gone.
    }
  }
  return undefined;
}

/** User + system CPU seconds of a process so far, and its parent; undefined when it is gone. */
function processStat(pid: number): { cpu: number; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { cpu: (Number(fields[11]) + Number(fields[12])) / 100, ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Processes whose CPU use is sampled around the output runs, and how they are labelled. */
interface CpuWatch {
  readonly qemu: number | undefined;
  readonly bff?: number;
  /** The `podvisor cluster` process (API server, controllers); its node agents and pods descend from it. */
  readonly cluster: number | undefined;
}

/** The `podvisor cluster` process serving `dataDir`. */
function clusterPid(dataDir: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = commandLine(Number(entry)).split(' ');
    if (argv.includes('cluster') && argv.includes(dataDir)) return Number(entry);
  }
  return undefined;
}

const componentNames = [
  'virt-handler',
  'virt-api',
  'virt-controller',
  'virt-launcher',
  'virt-tail',
];

/** A process's name: its command, or for Node its script's name. */
function processName(pid: number): string {
  try {
    const comm = readFileSync(`/proc/${String(pid)}/comm`, 'utf8').trim();
    const [, script, subcommand] = commandLine(pid).split(' ');
    if ((comm !== 'node' && comm !== 'MainThread') || script === undefined) return comm;
    // `podvisor node` is the node agent the cluster starts per node (kubelet's part).
    if (basename(script) === 'podvisor.js') return `podvisor ${subcommand ?? ''}`.trim();
    return `node ${basename(script)}`;
  } catch {
    return 'other';
  }
}

function labelOf(pid: number, watch: CpuWatch): string {
  if (pid === watch.qemu) return 'QEMU';
  if (pid === watch.bff) return 'BFF';
  if (pid === watch.cluster) return 'API server (podvisor cluster)';
  if (pid === process.pid) return 'benchmark client';
  const command = commandLine(pid);
  return componentNames.find((name) => command.includes(name)) ?? processName(pid);
}

/** CPU seconds so far of every watched process and the cluster's descendants, by label. */
function cpuByLabel(watch: CpuWatch): Map<string, number> {
  const stats = new Map<number, { cpu: number; ppid: number }>();
  for (const entry of readdirSync('/proc')) {
    const stat = /^\d+$/.test(entry) ? processStat(Number(entry)) : undefined;
    if (stat !== undefined) stats.set(Number(entry), stat);
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 32; p = stats.get(p)?.ppid ?? 0, hops++)
      if (p === watch.cluster) return true;
    return false;
  };
  const byLabel = new Map<string, number>();
  for (const [pid, { cpu }] of stats) {
    const watched = [watch.qemu, watch.bff, process.pid].includes(pid);
    if (!watched && !inTree(pid)) continue;
    const label = labelOf(pid, watch);
    byLabel.set(label, (byLabel.get(label) ?? 0) + cpu);
  }
  return byLabel;
}

/** Percent of one core each label used between two samples `wallMs` apart. */
function cpuPercent(
  before: Map<string, number>,
  after: Map<string, number>,
  wallMs: number,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [label, cpu] of after)
    used[label] = Math.round(((cpu - (before.get(label) ?? 0)) * 100_000) / wallMs);
  return used;
}

function startConsoleServer(
  cluster: PodvisorCluster,
  resources: Resources,
): Promise<{ pid: number; url: string }> {
  const child = spawn(
    process.execPath,
    [
      cli,
      'console',
      '--auth',
      'token',
      '--kubeconfig',
      join(cluster.dataDir, 'kubeconfig'),
      '--data-dir',
      cluster.dataDir,
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  resources.add(() => stopChild(child));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      reject(new Error(`podvisor console did not announce its URL within 30 s:\n${out}`));
    }, 30_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const url = /Podvisor console: (\S+)/.exec(out)?.[1];
      if (url === undefined || child.pid === undefined) return;
      clearTimeout(timer);
      resolve({ pid: child.pid, url });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`podvisor console exited with ${String(code)}:\n${out}`));
    });
  });
}

/** Users bench-0… with edit and view rights in the namespace, signed in to the BFF. */
async function signInUsers(cluster: PodvisorCluster, url: string): Promise<SignedIn[]> {
  const tokens = Array.from(
    { length: userCount },
    (_, u) => addUser({ dataDir: cluster.dataDir, name: `bench-${String(u)}`, groups: [] }).token,
  );
  const bindings = Array.from({ length: userCount }, (_, u) =>
    ['kubevirt.io:edit', 'view'].map((role) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `bench-${String(u)}-${role.replace(':', '-')}`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `bench-${String(u)}` },
      ],
    })),
  ).flat();
  await kubectl(
    cluster,
    ['apply', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: bindings }),
  );
  return Promise.all(tokens.map((token) => signInWithToken(url, token)));
}

// ---------------------------------------------------------------------------------------------
// Measurements

/** One path's serial console figures. */
interface SerialRun {
  readonly echoMs: readonly number[];
  readonly commandMs: readonly number[];
  readonly output: readonly OutputTiming[];
  /** CPU use by process during the output runs, in % of one core. */
  readonly cpuPercent: Readonly<Record<string, number>>;
}

async function measureSerial(
  line: SerialLine,
  o: Options,
  cpu: CpuWatch,
  log: (line: string) => void,
): Promise<SerialRun> {
  await waitForQuiet(line, { quietMs: 500, timeoutMs: 30_000 });
  line.write(Buffer.from('\r'));
  await waitForQuiet(line, { quietMs: 300, timeoutMs: 10_000 });
  log(`  ${String(o.keystrokes)} keystrokes…`);
  const echoMs = await keystrokeEchoes(line, { count: o.keystrokes, gapMs: o.gapMs });
  const commandMs: number[] = [];
  for (let i = 0; i < o.commands; i++) {
    commandMs.push(await commandRoundTrip(line, `rt${String(i)}-`, 30_000));
    await waitForQuiet(line, { quietMs: 150, timeoutMs: 10_000 });
  }
  const output: OutputTiming[] = [];
  const [cpuBefore, startedAt] = [cpuByLabel(cpu), performance.now()];
  for (let r = 0; r < o.rounds; r++) {
    log(`  seq 1 ${String(o.lines)}, round ${String(r + 1)}/${String(o.rounds)}…`);
    const timing = await outputThroughput(line, { lines: o.lines, timeoutMs: 120_000 });
    output.push(timing);
    const { kibPerSecond, bytes, newlines, chunks } = timing;
    log(
      `    ${kibPerSecond.toFixed(0)} KiB/s (${String(bytes)} B, ${String(newlines)} lines, ${String(chunks)} chunks)`,
    );
  }
  // Over the whole output phase, including the short untimed waits for the prompt.
  const cpuPercentUsed = cpuPercent(cpuBefore, cpuByLabel(cpu), performance.now() - startedAt);
  log(`    CPU (% of a core): ${JSON.stringify(cpuPercentUsed)}`);
  return { echoMs, commandMs, output, cpuPercent: cpuPercentUsed };
}

/** Whether a second client of QEMU's serial socket gets an echo while virt-handler holds it. */
async function secondClientEchoes(path: string, resources: Resources): Promise<boolean> {
  const line = await directSerialLine(path, resources);
  try {
    await timeUntil(line, Buffer.from('z'), 'z', 2000);
    line.write(Buffer.from('\x15'));
    return true;
  } catch {
    return false;
  }
}

/** One /api/watch socket and the delivery latency of every ADDED configmap it receives. */
interface WatchClient {
  readonly latencies: number[];
}

async function openWatch(
  url: string,
  user: SignedIn,
  index: number,
  resources: Resources,
): Promise<WatchClient> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/api/watch`, {
    headers: { Origin: url, Cookie: user.cookie },
  });
  resources.add(() => {
    socket.terminate();
  });
  const client: WatchClient = { latencies: [] };
  socket.on('message', (data: Buffer) => {
    const now = Date.now();
    const batch = JSON.parse(data.toString()) as {
      messages: {
        type: string;
        event?: string;
        object?: { metadata: { annotations?: Record<string, string> } };
      }[];
    };
    for (const m of batch.messages) {
      const sent = m.object?.metadata.annotations?.['bench/sent-ms'];
      if (m.type === 'event' && m.event === 'ADDED' && sent !== undefined)
        client.latencies.push(now - Number(sent));
    }
  });
  await opened(socket, `watch socket ${String(index)}`);
  const subscribe = (resource: string, group = '', version = 'v1'): void => {
    socket.send(
      JSON.stringify({
        type: 'subscribe',
        id: `${resource}-${String(index)}`,
        group,
        version,
        resource,
        namespace,
      }),
    );
  };
  subscribe('configmaps');
  subscribe('pods');
  subscribe('virtualmachines', 'kubevirt.io', 'v1');
  return client;
}

/** Creates `events` configmaps at `rate` per second, each carrying its send time. */
async function createConfigMaps(cluster: PodvisorCluster, o: Options): Promise<void> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(join(cluster.dataDir, 'kubeconfig'));
  const admin = createUpstream(kubeConfig);
  try {
    const creates: Promise<unknown>[] = [];
    for (let i = 0; i < o.events; i++) {
      const metadata = {
        name: `cm-${String(i)}`,
        namespace,
        annotations: { 'bench/sent-ms': String(Date.now()) },
      };
      const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata };
      creates.push(
        admin.json(
          { kind: 'kubeconfig' },
          { method: 'POST', path: `/api/v1/namespaces/${namespace}/configmaps`, body },
        ),
      );
      await sleep(1000 / o.rate);
    }
    await Promise.all(creates);
  } finally {
    admin.close();
  }
}

interface WatchRun {
  readonly sockets: number;
  readonly upstreamWatches: number;
  readonly expected: number;
  readonly latencies: readonly number[];
  readonly rssKiB: { readonly withWatches: number; readonly afterEvents: number };
}

/** What the BFF measurements run against. */
interface BffSetup {
  readonly cluster: PodvisorCluster;
  readonly server: { readonly url: string; readonly pid: number };
  readonly users: readonly SignedIn[];
  readonly resources: Resources;
}

async function measureWatches(setup: BffSetup, o: Options): Promise<WatchRun> {
  const { cluster, server, users, resources } = setup;
  const clients = await Promise.all(
    Array.from({ length: userCount * tabsPerUser }, (_, i) =>
      openWatch(server.url, users[i % userCount] as SignedIn, i, resources),
    ),
  );
  await sleep(2000);
  const withWatches = rssKiB(server.pid);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const upstreamWatches = Number(
    /podvisor_bff_upstream_watches (\d+)/.exec(metrics)?.[1] ?? Number.NaN,
  );
  await createConfigMaps(cluster, o);
  const expected = o.events * clients.length;
  const delivered = (): number => clients.reduce((n, c) => n + c.latencies.length, 0);
  const deadline = Date.now() + 60_000;
  while (delivered() < expected && Date.now() < deadline) await sleep(200);
  return {
    sockets: clients.length,
    upstreamWatches,
    expected,
    latencies: clients.flatMap((c) => c.latencies),
    rssKiB: { withWatches, afterEvents: rssKiB(server.pid) },
  };
}

/** `count` consoles opened at once through the BFF; then each round-trips a command in turn. */
async function consoleFanOut(
  url: string,
  user: SignedIn,
  count: number,
  resources: Resources,
): Promise<number[]> {
  const lines = await Promise.all(
    Array.from({ length: count }, () => bffSerialLine(url, user, resources)),
  );
  await waitForQuiet(lines[0] as SerialLine, { quietMs: 500, timeoutMs: 30_000 });
  const times: number[] = [];
  for (const [i, line] of lines.entries()) {
    times.push(await commandRoundTrip(line, `fan${String(i)}-`, 30_000));
    await waitForQuiet(line, { quietMs: 150, timeoutMs: 10_000 });
  }
  return times;
}

function rssKiB(pid: number): number {
  return readProcessMemory(pid)?.rssKiB ?? Number.NaN;
}

// ---------------------------------------------------------------------------------------------
// The result

/** Everything one run measured. */
interface Measured {
  readonly direct: SerialRun;
  readonly bff: SerialRun;
  readonly secondClientEchoes: boolean;
  readonly watch: WatchRun;
  readonly fanOutMs: readonly number[];
  readonly rssKiB: { readonly idle: number; readonly withConsoles: number };
}

const directAnchor = (label: string, value: number): Anchor => ({
  label: `QEMU serial socket, direct: ${label} (same run)`,
  value,
  source: 'measured in this run',
});

const kibPerSecond = (run: SerialRun): number[] => run.output.map((t) => t.kibPerSecond);
const mib = (kib: number): number => Math.round((kib / 1024) * 10) / 10;

function serialFigures(m: Measured, o: Options): Figure[] {
  const { direct, bff } = m;
  return [
    {
      id: 'echo.bff',
      label: 'Keystroke → echo through the BFF (browser path)',
      unit: 'ms',
      better: 'lower',
      samples: bff.echoMs,
      anchor: directAnchor('median', median(direct.echoMs)),
    },
    {
      id: 'echo.bff.p95',
      label: 'Keystroke → echo through the BFF, P95',
      unit: 'ms',
      better: 'lower',
      value: percentile(bff.echoMs, 95),
      anchor: directAnchor('P95', percentile(direct.echoMs, 95)),
    },
    {
      id: 'echo.direct',
      label: "Keystroke → echo on QEMU's serial socket (anchor)",
      unit: 'ms',
      better: 'lower',
      samples: direct.echoMs,
    },
    {
      id: 'command.bff',
      label: 'Command round trip through the BFF, one console',
      unit: 'ms',
      better: 'lower',
      samples: bff.commandMs,
      anchor: directAnchor('median', median(direct.commandMs)),
    },
    {
      id: 'output.bff',
      label: `Guest output (seq 1 ${String(o.lines)}) through the BFF`,
      unit: 'KiB/s',
      better: 'higher',
      samples: kibPerSecond(bff),
      anchor: directAnchor('median', median(kibPerSecond(direct))),
    },
    {
      id: 'output.direct',
      label: `Guest output (seq 1 ${String(o.lines)}) on QEMU's serial socket (anchor)`,
      unit: 'KiB/s',
      better: 'higher',
      samples: kibPerSecond(direct),
    },
    {
      id: 'command.fanout',
      label: `Command round trip with ${String(o.consoles)} consoles open through the BFF`,
      unit: 'ms',
      better: 'lower',
      samples: m.fanOutMs,
      anchor: directAnchor('one client, median', median(direct.commandMs)),
      note: 'every console receives all output (one shared serial connection in virt-handler)',
    },
  ];
}

function bffFigures(m: Measured): Figure[] {
  const { watch } = m;
  const viaSockets = `${String(watch.sockets)} sockets × ${String(watch.expected / watch.sockets)} configmaps`;
  return [
    {
      id: 'watch.delivery.p50',
      label: `Watch event delivery through the BFF, P50 (${viaSockets})`,
      unit: 'ms',
      better: 'lower',
      value: percentile(watch.latencies, 50),
      note: 'includes the BFF’s 50 ms per-socket batching by design',
    },
    {
      id: 'watch.delivery.p99',
      label: 'Watch event delivery through the BFF, P99',
      unit: 'ms',
      better: 'lower',
      value: percentile(watch.latencies, 99),
    },
    {
      id: 'watch.upstream',
      label: `Upstream watches held for ${String(watch.sockets * 3)} subscriptions`,
      unit: 'count',
      better: 'lower',
      value: watch.upstreamWatches,
      note: `shared per user and query: ${String(userCount)} users × 3 lists`,
    },
    {
      id: 'bff.rss.idle',
      label: 'BFF resident memory, idle',
      unit: 'MiB',
      better: 'lower',
      value: mib(m.rssKiB.idle),
    },
    {
      id: 'bff.rss.loaded',
      label: 'BFF resident memory with the watch sockets, after the events, with the consoles open',
      unit: 'MiB',
      better: 'lower',
      value: mib(m.rssKiB.withConsoles),
    },
  ];
}

const fixed = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';

function serialTable(m: Measured): Table {
  const { direct, bff } = m;
  const row = (what: string, pick: (run: SerialRun) => number, digits = 1): (string | number)[] => {
    const [d, b] = [pick(direct), pick(bff)];
    return [what, fixed(d, digits), fixed(b, digits), fixed(b / d, 2)];
  };
  const firstByte = (run: SerialRun): number => median(run.output.map((t) => t.firstByteMs));
  return {
    title: 'Serial console: through the BFF vs QEMU’s serial socket directly',
    columns: ['measure', 'direct socket', 'BFF path', 'BFF ÷ direct'],
    rows: [
      row('keystroke echo, median (ms)', (r) => median(r.echoMs)),
      row('keystroke echo, P95 (ms)', (r) => percentile(r.echoMs, 95)),
      row('keystroke echo, max (ms)', (r) => Math.max(...r.echoMs)),
      row('command round trip, median (ms)', (r) => median(r.commandMs)),
      row('output, median (KiB/s)', (r) => median(kibPerSecond(r)), 0),
      row('output: Enter → first byte, median (ms)', firstByte),
      row(
        'output: bytes per received read/message, average',
        (r) => median(r.output.map((t) => t.bytes / t.chunks)),
        0,
      ),
      ...cpuRows(m),
    ],
  };
}

const cpuOrder = [
  'QEMU',
  'virt-handler',
  'virt-api',
  'API server (podvisor cluster)',
  'BFF',
  'benchmark client',
];

/** CPU use by process during the output runs, both paths; total last. */
function cpuRows(m: Measured): (string | number)[][] {
  const used = (label: string): number =>
    Math.max(m.direct.cpuPercent[label] ?? 0, m.bff.cpuPercent[label] ?? 0);
  const labels = [
    ...new Set([...Object.keys(m.direct.cpuPercent), ...Object.keys(m.bff.cpuPercent)]),
  ].filter((label) => used(label) >= 1);
  const rank = (label: string): number => (cpuOrder.indexOf(label) + 100) % 100;
  labels.sort((a, b) => rank(a) - rank(b) || used(b) - used(a));
  const total = (run: SerialRun): number =>
    Object.values(run.cpuPercent).reduce((a, b) => a + b, 0);
  const cell = (value: number | undefined): string => (value === undefined ? '–' : String(value));
  return [
    ...labels.map((label) => [
      `CPU during the output: ${label} (% of a core)`,
      cell(m.direct.cpuPercent[label]),
      cell(m.bff.cpuPercent[label]),
      '',
    ]),
    [
      'CPU during the output: all of these (% of a core; the machine has 200)',
      total(m.direct),
      total(m.bff),
      '',
    ],
  ];
}

function memoryTable(m: Measured): Table {
  return {
    title: 'BFF resident memory (VmRSS) by stage',
    columns: ['stage', 'MiB'],
    rows: [
      ['idle', mib(m.rssKiB.idle)],
      [`${String(m.watch.sockets)} watch sockets open`, mib(m.watch.rssKiB.withWatches)],
      [`after ${String(m.watch.latencies.length)} deliveries`, mib(m.watch.rssKiB.afterEvents)],
      ['+ the consoles', mib(m.rssKiB.withConsoles)],
    ],
  };
}

function method(o: Options): string {
  return [
    '`podvisor cluster --nodes 1` with Podvisor installed from `deploy/overlays/local`, the tiny guest (busybox shell on ttyS0, QEMU under TCG) and `podvisor console --auth token` as its own process. The serial console is measured on two paths, one after the other (QEMU’s serial chardev takes one client at a time, and virt-handler keeps its connection once opened, so the direct socket goes first):',
    `- **direct** (the anchor): a unix-socket client on QEMU’s \`serial.sock\` in the launcher pod’s \`private/vm\` directory, the socket virt-handler connects to;`,
    '- **BFF path**: a `ws` client speaking to `/api/consoles/<ns>/<vm>/serial` as the console’s browser code does (`plain.kubevirt.io`, session cookie and Origin, every input one binary frame) → BFF → API server → virt-api → virt-handler’s node endpoint → the same socket.',
    '',
    `On each: **keystroke echo**: ${String(o.keystrokes)} single characters at an idle prompt, ${String(o.gapMs)} ms apart (Ctrl-U clears the line every 20, untimed); the clock runs from writing one character to receiving it back. **Command round trip**: ${String(o.commands)}× \`echo rtN-$((6*7))\` + Enter → \`rtN-42\` received. **Output**: ${String(o.rounds)}× \`seq 1 ${String(o.lines)}; echo tp$((6*7))end\`; the clock runs from the first byte after the echoed command line to the end marker, over the bytes between (\\r\\n line ends included). Each process’s CPU time (utime + stime in \`/proc\`) is read before and after the output runs.`,
    '',
    `Then the BFF alone: ${String(userCount * tabsPerUser)} \`/api/watch\` sockets (${String(userCount)} users × ${String(tabsPerUser)} tabs, each subscribed to configmaps, pods and VMs of one namespace); ${String(o.events)} configmaps created at ${String(o.rate)}/s, each annotated with its send time (Date.now), timed at every socket’s receipt of its ADDED event. Then ${String(o.consoles)} serial consoles opened at once through the BFF; each round-trips the command in turn. The BFF’s VmRSS is read idle, with the sockets, after the events and with the consoles.`,
  ].join('\n');
}

/** What the output throughput was bound by, from the CPU each process used meanwhile. */
function outputNote(m: Measured): string {
  const top = (run: SerialRun): string =>
    Object.entries(run.cpuPercent)
      .filter(([, used]) => used >= 5)
      .sort((a, b) => b[1] - a[1])
      .map(([label, used]) => `${label} ${String(used)} %`)
      .join(', ');
  const share = fixed(median(kibPerSecond(m.bff)) / median(kibPerSecond(m.direct)), 2);
  const chunk = (run: SerialRun): string =>
    fixed(median(run.output.map((t) => t.bytes / t.chunks)), 0);
  const qemu = m.direct.cpuPercent.QEMU ?? Number.NaN;
  const bound =
    qemu >= 85
      ? 'QEMU’s one TCG thread, emulating every UART access, is the bound there'
      : `QEMU got only ${fixed(qemu, 0)} % of a core: the machine’s 2 cores were contended, which bounds the direct figure as much as the emulated UART`;
  const paced =
    Number(share) < 0.9
      ? 'on 2 shared cores the proxies’ per-message cost paces the guest'
      : 'the proxies kept up (fewer, larger messages as the guest waits)';
  return [
    `- Output: the guest writes to its 16550 UART under TCG (the 8250 driver fills the 16-byte FIFO per interrupt) and QEMU hands the chardev each byte with its own write (and a copy to virtlogd, which writes \`serial.log\`), so the data leaves QEMU in small pieces (on average ${chunk(m.direct)} B per read on the direct socket, ${chunk(m.bff)} B per websocket message through the BFF).`,
    `CPU during the direct run (% of a core): ${top(m.direct)}; ${bound}. Virtlogd, virt-tail and \`podvisor node\` carry the copy for \`kubectl logs -c guest-console-log\` (serial.log), on both paths.`,
    `Through the BFF the output reaches ${share}× of that, with ${top(m.bff)}: virt-handler makes each chunk a websocket message, virt-api and the API server splice it through TLS, the BFF re-frames it, and QEMU waits for its socket to drain; ${paced}.`,
  ].join(' ');
}

function notes(m: Measured): string {
  const echoAdded = median(m.bff.echoMs) - median(m.direct.echoMs);
  const delivered = `${String(m.watch.latencies.length)}/${String(m.watch.expected)}`;
  return [
    `- The layers (virt-handler’s shared console and its websocket, TLS splices in virt-api and the API server, the BFF’s websocket proxy) add ${fixed(echoAdded)} ms to a keystroke’s echo (median); the rest is the guest under TCG echoing through its 16550 UART.`,
    outputNote(m),
    `- A second client of QEMU’s serial socket while virt-handler holds it ${m.secondClientEchoes ? 'got an echo: the socket is not exclusive' : 'got no echo within 2 s: the chardev is exclusive, so the two paths were measured one after the other'}. Several browser consoles share virt-handler’s one connection (the ${String(m.fanOutMs.length)}-console figure).`,
    `- Watch deliveries: ${delivered}. The BFF batches per socket every 50 ms, so ~25 ms of the median is that flush interval by design. No external anchor exists for the watch and memory figures.`,
    '- The idle memory is mostly code: `@kubernetes/client-node` alone costs ~78 MiB of RSS; what the sockets cost is small.',
  ].join('\n');
}

function resultOf(m: Measured, o: Options): BenchResult {
  return {
    method: method(o),
    figures: [...serialFigures(m, o), ...bffFigures(m)],
    tables: [serialTable(m), memoryTable(m)],
    notes: notes(m),
    parameters: { ...o, watchSockets: userCount * tabsPerUser, users: userCount },
    raw: {
      ...m,
      watch: {
        ...m.watch,
        latencies: undefined,
        deliveries: m.watch.latencies.length,
        maxMs: Math.max(...m.watch.latencies),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The run

async function measureAll(
  cluster: PodvisorCluster,
  ctx: BenchContext,
  o: Options,
  resources: Resources,
): Promise<Measured> {
  await bootVm(cluster, ctx.log);
  const socket = await serialSocket(cluster);
  const cpu = { qemu: qemuPid(socket.vmiUid), cluster: clusterPid(cluster.dataDir) };
  ctx.log(`direct: ${socket.path} (QEMU pid ${String(cpu.qemu)})`);
  const direct = await measureSerial(
    await directSerialLine(socket.path, resources),
    o,
    cpu,
    ctx.log,
  );
  await resources.closeAll(ctx.log); // closes the direct socket: the chardev is free for virt-handler
  const server = await startConsoleServer(cluster, resources);
  await sleep(1000);
  const idle = rssKiB(server.pid);
  const users = await signInUsers(cluster, server.url);
  const first = users[0] as SignedIn;
  ctx.log('BFF path…');
  const bff = await measureSerial(
    await bffSerialLine(server.url, first, resources),
    o,
    { ...cpu, bff: server.pid },
    ctx.log,
  );
  ctx.log(`watch delivery: ${String(o.events)} configmaps at ${String(o.rate)}/s…`);
  const watch = await measureWatches({ cluster, server, users, resources }, o);
  ctx.log(`${String(o.consoles)} consoles at once…`);
  const fanOutMs = await consoleFanOut(server.url, first, o.consoles, resources);
  const withConsoles = rssKiB(server.pid);
  const exclusive = await secondClientEchoes(socket.path, resources);
  return {
    direct,
    bff,
    secondClientEchoes: exclusive,
    watch,
    fanOutMs,
    rssKiB: { idle, withConsoles },
  };
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const o = readOptions(ctx);
  const cluster = await startPodvisorCluster({ nodes: 1 });
  const resources = new Resources();
  try {
    return resultOf(await measureAll(cluster, ctx, o, resources), o);
  } finally {
    await resources.closeAll(ctx.log);
    await cluster.close();
  }
}

/**
 * `console`: the serial console end to end (keystroke echo, command round trip, output
 * throughput) through the BFF against QEMU's serial socket directly, watch delivery through the
 * BFF with 100 sockets, console fan-out and the BFF's memory.
 */
export const consoleBenchmark: Benchmark = {
  name: 'console',
  title: 'Consoles and the BFF',
  needsRoot: true,
  expectedSeconds: 120,
  run,
};
