import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  clusterIdOf,
  clusterNetnsName,
  createClusterNetwork,
  defaultIpBinary,
  defaultOwnerDir,
  deleteAbandonedNetworks,
  deleteClusterNetwork,
  recordNetworkOwner,
} from '@podvisor/cluster/network';

/** How local mode networks its pods (ADR 17): `auto` takes `pod` where it can. */
export const networkModes = ['auto', 'pod', 'loopback'] as const;
export type NetworkMode = (typeof networkModes)[number];

/**
 * The environment variable that tells a `podvisor up`/`cluster` it already runs inside its
 * cluster netns (set by the process that put it there), with the inherited host sockets' fds.
 */
export const insideNetnsEnv = 'PODVISOR_CLUSTER_NETNS';
export const hostApiFdEnv = 'PODVISOR_HOST_API_FD';
export const hostConsoleFdEnv = 'PODVISOR_HOST_CONSOLE_FD';

/** Whether pod-network mode can run here, and if not, why. */
export type PodNetworkSupport =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Checks what pod-network mode needs: root, and working `ip netns`, `nsenter` and `setpriv`. */
export function podNetworkSupport(): PodNetworkSupport {
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: 'network namespaces need root, and this process is not root' };
  }
  const probes: [string, string[]][] = [
    [defaultIpBinary(), ['netns', 'list']],
    ['nsenter', ['--version']],
    ['setpriv', ['--version']],
  ];
  for (const [file, args] of probes) {
    const result = spawnSync(file, args, { stdio: 'ignore' });
    if (result.status !== 0) {
      return { ok: false, reason: `\`${[file, ...args].join(' ')}\` does not work here` };
    }
  }
  return { ok: true };
}

/**
 * The mode to run in: `auto` is `pod` where {@link podNetworkSupport} allows it, else `loopback`
 * (with the reason, to tell the user). `pod` where it cannot run throws, naming the cause.
 */
export function chooseNetwork(
  mode: NetworkMode,
  support: () => PodNetworkSupport = podNetworkSupport,
): { readonly mode: 'pod' | 'loopback'; readonly note?: string } {
  if (mode === 'loopback') return { mode };
  const check = support();
  if (check.ok) return { mode: 'pod' };
  if (mode === 'pod') throw new Error(`--network pod: ${check.reason}`);
  return {
    mode: 'loopback',
    note: `Pods use loopback addresses (${check.reason}): VMs and pods do not share a network.`,
  };
}

/**
 * Where this `up`/`cluster` runs: `outside` (pod network chosen: it must put the cluster into its
 * netns), `inside` (its outer process did), or `loopback`. Says why when `auto` falls back.
 */
export function networkPlace(
  mode: NetworkMode,
  io: {
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly stdout: { write(text: string): unknown };
  },
): 'outside' | 'inside' | 'loopback' {
  if (io.env[insideNetnsEnv] !== undefined) return 'inside';
  const chosen = chooseNetwork(mode);
  if (chosen.note !== undefined) io.stdout.write(`${chosen.note}\n`);
  return chosen.mode === 'pod' ? 'outside' : 'loopback';
}

/** `startCluster`'s `podNetwork` inside the cluster netns: the inherited API socket, if any. */
export function podNetworkOption(env: Readonly<Record<string, string | undefined>>): {
  hostListenFd?: number;
} {
  const hostListenFd = inheritedFd(env, hostApiFdEnv);
  return hostListenFd === undefined ? {} : { hostListenFd };
}

/** A listening TCP socket in the machine's root netns, to be served from inside the cluster netns. */
export interface HostSocket {
  readonly port: number;
  readonly fd: number;
  close(): void;
}

/** The file descriptor under a listening `net.Server` (Node keeps it in its private handle). */
function serverFd(server: Server): number {
  const fd = (server as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('cannot find the listening socket’s fd');
  return fd;
}

/**
 * Binds 127.0.0.1:`port` (0: any free port) in this process's network namespace, for a child in
 * the cluster netns to serve (sockets stay in the namespace they were created in). Rejects with
 * EADDRINUSE like `listen` does. Connections are left to the child: this side never accepts.
 */
export function bindHostSocket(port: number): Promise<HostSocket> {
  const server = createServer({ pauseOnConnect: true }, (socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : port,
        fd: serverFd(server),
        close: () => {
          server.close();
        },
      });
    });
  });
}

/** What {@link runInClusterNetns} runs. */
export interface ClusterNetnsRun {
  readonly dataDir: string;
  /** The `podvisor` arguments of the child (`up --data-dir … --api-port N …`). */
  readonly args: readonly string[];
  /** Host sockets the child serves, with the variables that tell it their fds (3, 4, …). */
  readonly sockets: readonly { readonly env: string; readonly socket: HostSocket }[];
  /** Resolves when this process is asked to stop (the child is then sent SIGTERM). */
  readonly stopping: Promise<NodeJS.Signals>;
  readonly say: (line: string) => void;
}

const cli = join(import.meta.dirname, '..', '..', 'bin', 'podvisor.js');

/**
 * Creates (or reuses) the cluster netns of the data dir, runs `podvisor <args>` inside it with the
 * host sockets as fds 3…, forwards a stop request as SIGTERM, and resolves with the child's exit
 * code. After a clean exit the cluster's network is deleted; after a crash it is kept, so pods
 * that outlived the crash keep their addresses and a new run adopts them.
 */
export async function runInClusterNetns(run: ClusterNetnsRun): Promise<number> {
  const clusterId = clusterIdOf(run.dataDir);
  // Networks of temporary clusters killed before they could clean up (tests) go first.
  await deleteAbandonedNetworks().catch(() => []);
  const network = await createClusterNetwork({ clusterId });
  recordNetworkOwner(clusterId, resolve(run.dataDir));
  const env: Record<string, string | undefined> = {
    ...process.env,
    [insideNetnsEnv]: network.netns,
  };
  run.sockets.forEach(({ env: name }, i) => {
    env[name] = String(3 + i);
  });
  // setpriv: the child dies with this process, even when it is killed with SIGKILL.
  const child = spawn(
    'setpriv',
    [
      '--pdeathsig',
      'KILL',
      '--',
      'nsenter',
      `--net=/run/netns/${clusterNetnsName(clusterId)}`,
      '--',
      process.execPath,
      cli,
      ...run.args,
    ],
    { stdio: ['inherit', 'inherit', 'inherit', ...run.sockets.map((s) => s.socket.fd)], env },
  );
  for (const { socket } of run.sockets) socket.close();
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
    child.once('error', (error) => {
      run.say(`Could not start the cluster in its network namespace: ${error.message}`);
      resolve(1);
    });
  });
  void run.stopping.then(() => child.kill('SIGTERM'));
  const code = await exited;
  if (code === 0 || code === 130) {
    await deleteClusterNetwork({ clusterId });
    rmSync(join(defaultOwnerDir, clusterId), { force: true });
  } else
    run.say(
      `Kept the network namespace ${network.netns} for the next run (exit code ${String(code)}).`,
    );
  return code;
}

/** The fd of an inherited host socket, when this process runs inside its cluster netns. */
export function inheritedFd(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || env[insideNetnsEnv] === undefined) return undefined;
  const fd = Number(raw);
  if (!Number.isInteger(fd) || fd < 3)
    throw new Error(`${name} must be a file descriptor ≥ 3, got '${raw}'`);
  return fd;
}
