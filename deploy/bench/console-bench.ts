// Benchmark of the console's BFF (not a test): Podvisor installed on the embedded cluster with a
// real tiny VM, and `podvisor console --auth token` as its own process. It measures, on one BFF:
// - watch delivery: 100 /api/watch sockets (10 users × 10 tabs, each subscribed to configmaps,
//   pods and VMs of one namespace); configmaps created at a steady rate carry their creation time,
//   and every socket's receipt of every ADDED event is timed (p50/p99/max);
// - 20 serial consoles open at once through the BFF to the VM, each round-tripping a command in
//   turn (time from typing to seeing the answer);
// - the BFF process's resident memory before, with the watches, and with the consoles too, and
//   the upstream watches it holds (shared per user).
//   node deploy/bench/console-bench.ts [--events 200] [--rate 40]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { WebSocket } from 'ws';
import { addUser } from '@podvisor/cluster';
import { createUpstream } from '@podvisor/bff';
import { signInWithToken, type SignedIn } from '@podvisor/bff/testing';
import { installPodvisor, vmHelpers, vmManifest } from '../test/podvisor-helpers.ts';
import { startPodvisorCluster, type PodvisorCluster } from '../test/start-podvisor-cluster.ts';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '200' }, rate: { type: 'string', default: '40' } },
});
const events = Number(args.events);
const ratePerSecond = Number(args.rate);
const namespace = 'bench';
const vm = 'bench-vm';
const cli = join(import.meta.dirname, '..', '..', 'apps', 'cli', 'bin', 'podvisor.js');

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${String(pid)}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

function startConsoleServer(
  cluster: PodvisorCluster,
): Promise<{ child: ChildProcess; url: string }> {
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
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Podvisor console: (\S+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ child, url });
    });
    child.once('exit', (code) => {
      reject(new Error(`podvisor console exited with ${String(code)}`));
    });
  });
}

async function run(args: readonly string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

interface WatchClient {
  readonly socket: WebSocket;
  readonly latencies: number[];
}

function openWatch(url: string, user: SignedIn, index: number): Promise<WatchClient> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/api/watch`, {
    headers: { Origin: url, Cookie: user.cookie },
  });
  const client: WatchClient = { socket, latencies: [] };
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
  return new Promise((resolve) => {
    socket.once('open', () => {
      const subscribe = (resource: string, group = '', version = 'v1') => {
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
      resolve(client);
    });
  });
}

async function consoleRoundTrips(url: string, user: SignedIn, count: number): Promise<number[]> {
  const sockets = await Promise.all(
    Array.from({ length: count }, () => {
      const socket = new WebSocket(
        `${url.replace('http', 'ws')}/api/consoles/${namespace}/${vm}/serial`,
        ['plain.kubevirt.io'],
        {
          headers: { Origin: url, Cookie: user.cookie },
        },
      );
      let text = '';
      socket.on('message', (data: Buffer) => {
        text += data.toString();
      });
      return new Promise<{ socket: WebSocket; text: () => string }>((resolve) =>
        socket.once('open', () => {
          resolve({ socket, text: () => text });
        }),
      );
    }),
  );
  const times: number[] = [];
  for (const [i, session] of sockets.entries()) {
    const marker = `rt${String(i)}-`;
    const started = Date.now();
    session.socket.send(Buffer.from(`echo ${marker}$((6*7))\n`));
    while (!session.text().includes(`${marker}42`)) {
      if (Date.now() - started > 30_000) throw new Error(`console ${String(i)} got no answer`);
      await sleep(5);
    }
    times.push(Date.now() - started);
  }
  consoleSockets = sockets.map((s) => s.socket);
  return times;
}

let consoleSockets: WebSocket[] = [];

const cluster = await startPodvisorCluster({ nodes: 1 });
try {
  process.stdout.write('installing Podvisor and booting the tiny VM…\n');
  await installPodvisor(cluster);
  await run(['create', 'namespace', namespace]);
  await run(['apply', '-f', '-'], vmManifest(vm, { runStrategy: 'Always', namespace }));
  const { waitForGuestShell, waitForPrintableStatus } = vmHelpers(() => cluster, namespace);
  await waitForPrintableStatus(vm, 'Running');
  await waitForGuestShell(vm);
  const { child, url } = await startConsoleServer(cluster);
  const pid = child.pid ?? 0;
  await sleep(1000);
  const idle = rssMiB(pid);
  const users: SignedIn[] = [];
  for (let u = 0; u < 10; u++) {
    const user = addUser({ dataDir: cluster.dataDir, name: `bench-${String(u)}`, groups: [] });
    await run([
      'create',
      'rolebinding',
      `bench-${String(u)}`,
      '--clusterrole=kubevirt.io:edit',
      `--user=bench-${String(u)}`,
      '-n',
      namespace,
    ]);
    await run([
      'create',
      'rolebinding',
      `bench-${String(u)}-view`,
      '--clusterrole=view',
      `--user=bench-${String(u)}`,
      '-n',
      namespace,
    ]);
    users.push(await signInWithToken(url, user.token));
  }
  const clients = await Promise.all(
    Array.from({ length: 100 }, (_, i) => openWatch(url, users[i % 10] as SignedIn, i)),
  );
  await sleep(2000);
  const withWatches = rssMiB(pid);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const upstreamWatches = /podvisor_bff_upstream_watches (\d+)/.exec(metrics)?.[1];
  process.stdout.write(`creating ${String(events)} configmaps at ${String(ratePerSecond)}/s…\n`);
  const manifests = Array.from({ length: events }, (_, i) => i);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(join(cluster.dataDir, 'kubeconfig'));
  const admin = createUpstream(kubeConfig);
  const creates: Promise<unknown>[] = [];
  for (const i of manifests) {
    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `cm-${String(i)}`,
        namespace,
        annotations: { 'bench/sent-ms': String(Date.now()) },
      },
    };
    creates.push(
      admin.json(
        { kind: 'kubeconfig' },
        {
          method: 'POST',
          path: `/api/v1/namespaces/${namespace}/configmaps`,
          body,
        },
      ),
    );
    await sleep(1000 / ratePerSecond);
  }
  await Promise.all(creates);
  admin.close();
  const expected = events * clients.length;
  const deadline = Date.now() + 120_000;
  while (clients.reduce((n, c) => n + c.latencies.length, 0) < expected && Date.now() < deadline)
    await sleep(200);
  const latencies = clients.flatMap((c) => c.latencies).sort((a, b) => a - b);
  const peakWatch = rssMiB(pid);
  const consoleTimes = (await consoleRoundTrips(url, users[0] as SignedIn, 20)).sort(
    (a, b) => a - b,
  );
  const withConsoles = rssMiB(pid);
  const summary = {
    watchSockets: clients.length,
    upstreamWatches: Number(upstreamWatches),
    deliveries: `${String(latencies.length)}/${String(expected)}`,
    deliveryMs: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1),
    },
    consoles: consoleTimes.length,
    consoleRoundTripMs: { p50: percentile(consoleTimes, 50), max: consoleTimes.at(-1) },
    bffRssMiB: {
      idle: Math.round(idle),
      with100Watches: Math.round(withWatches),
      afterEvents: Math.round(peakWatch),
      with20Consoles: Math.round(withConsoles),
    },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  for (const c of clients) c.socket.close();
  for (const s of consoleSockets) s.close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
} finally {
  await cluster.close();
}
