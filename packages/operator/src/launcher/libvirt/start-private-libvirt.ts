import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@podvisor/kube';
import { LibvirtStartError } from './libvirt-start-error.ts';
import { runVirsh } from './run-virsh.ts';
import {
  defaultQemuUser,
  libvirtdConf,
  qemuConf,
  type QemuUser,
  virtlogdConf,
} from './private-libvirt-config.ts';
import {
  type PrivateLibvirtLayout,
  privateLibvirtLayout,
  standardLibvirtLayout,
} from './private-libvirt-layout.ts';
import {
  isAlive,
  mountNamespaceOf,
  pidsInMountNamespace,
  signalAll,
  waitForExit,
} from './process-table.ts';

/** Options of `startPrivateLibvirt`. */
export interface PrivateLibvirtOptions {
  /** Absolute directory for the daemons' state (created); e.g. `<pod dir>/libvirt`. */
  readonly dir: string;
  readonly logger: Logger;
  /** Default `libvirt-qemu`/`libvirt-qemu`. */
  readonly qemuUser?: QemuUser;
  /**
   * The accelerator the VMs use. Under `tcg`, /dev/kvm is masked in the namespace: otherwise,
   * where /dev/kvm exists but the QEMU user cannot open it (as here), libvirt finds its QEMU
   * capability cache outdated on every call and re-probes QEMU for ~4 s at every start.
   */
  readonly accel: 'kvm' | 'tcg';
  /** Default: a private mount namespace when running as root, the standard paths otherwise. */
  readonly namespace?: boolean;
  /** How long to wait for the daemon socket; default 15 s. */
  readonly timeoutMs?: number;
  /**
   * A directory shared by the pods of a node for libvirt's QEMU capability cache: seeded into
   * the private cache before start, filled after. Saves the ~2 s QEMU probe of each new daemon
   * (libvirt re-probes by itself when a cached file is outdated).
   */
  readonly capabilitiesCacheDir?: string;
}

/** A running private libvirtd (with its virtlogd). */
export interface PrivateLibvirt {
  readonly uri: string;
  readonly socketPath: string;
  readonly layout: PrivateLibvirtLayout;
  /** libvirtd's pid (the launcher's child). */
  readonly pid: number;
  /** Resolves when libvirtd exits, whether by `stop()` or not. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The pid of a running domain's QEMU, from libvirt's pid file. */
  qemuPid(domain: string): Promise<number | undefined>;
  /** Stops libvirtd and virtlogd and kills every QEMU (or other process) they left. Idempotent. */
  stop(): Promise<void>;
}

// $1 dir, $2 mask-kvm|keep-kvm, $3 namespace|direct. In a private mount namespace, the pod's
// directories replace libvirt's system paths; the daemons then run with the usual paths.
const startScript = `set -e
d=$1
bind() { mkdir -p "$2"; mount --bind "$d/$1" "$2"; }
if [ "$3" = namespace ]; then
  bind run /run/libvirt
  bind lib /var/lib/libvirt
  bind log /var/log/libvirt
  bind cache /var/cache/libvirt
  bind etc /etc/libvirt
  if [ "$2" = mask-kvm ] && [ -e /dev/kvm ]; then mount --bind "$d/no-kvm" /dev/kvm; fi
fi
virtlogd -d -p "$d/virtlogd.pid"
exec libvirtd -p "$d/libvirtd.pid"
`;

/** Creates the private directories and configuration (nothing outside `dir` in direct mode). */
async function prepareDirs(
  layout: PrivateLibvirtLayout,
  user: QemuUser,
  namespace: boolean,
): Promise<void> {
  await mkdir(layout.dir, { recursive: true, mode: 0o755 });
  if (!namespace) return;
  for (const dir of [layout.run, layout.lib, layout.log, layout.cache, layout.etc]) {
    await mkdir(dir, { recursive: true, mode: 0o755 });
  }
  await writeFile(join(layout.etc, 'qemu.conf'), qemuConf(user), { mode: 0o600 });
  await writeFile(join(layout.etc, 'libvirtd.conf'), libvirtdConf(), { mode: 0o600 });
  await writeFile(join(layout.etc, 'virtlogd.conf'), virtlogdConf(), { mode: 0o600 });
  await writeFile(layout.noKvmFile, '', { mode: 0o600 });
  await rm(layout.socketPath, { force: true });
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

async function tail(path: string, lines = 8): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Copies the `*.xml` files of `from` that `to` lacks (atomically, by rename); no-op if `from` is missing. */
async function copyCapabilities(from: string, to: string): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(from)).filter((name) => name.endsWith('.xml'));
  } catch {
    return;
  }
  await mkdir(to, { recursive: true, mode: 0o700 });
  const present = new Set(await readdir(to));
  for (const name of names.filter((file) => !present.has(file))) {
    const partial = join(to, `.${name}.${String(process.pid)}`);
    await copyFile(join(from, name), partial);
    await rename(partial, join(to, name));
  }
}

async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function qemuPids(layout: PrivateLibvirtLayout): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(layout.qemuPidDir);
  } catch {
    return [];
  }
  const pids = await Promise.all(
    names
      .filter((name) => name.endsWith('.pid'))
      .map((name) => readPid(join(layout.qemuPidDir, name))),
  );
  return pids.filter((pid) => pid !== undefined);
}

interface Daemon {
  readonly child: ChildProcess;
  readonly stderr: string[];
  readonly exited: PrivateLibvirt['exited'];
}

function spawnDaemons(
  layout: PrivateLibvirtLayout,
  accel: 'kvm' | 'tcg',
  namespace: boolean,
): Daemon {
  const args = [
    layout.dir,
    accel === 'tcg' ? 'mask-kvm' : 'keep-kvm',
    namespace ? 'namespace' : 'direct',
  ];
  const shell = ['sh', '-c', startScript, 'sh', ...args];
  const child = namespace
    ? spawn('unshare', ['--mount', '--propagation', 'private', '--', ...shell], {
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    : spawn(shell[0] ?? 'sh', shell.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      stderr.push(error.message);
    });
    child.once('close', (code, signal) => {
      resolve({ code, signal });
    });
  });
  return { child, stderr, exited };
}

async function waitForSocket(
  layout: PrivateLibvirtLayout,
  daemon: Daemon,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const daemonState = { gone: false };
  void daemon.exited.then(() => (daemonState.gone = true));
  while (!(await canConnect(layout.socketPath))) {
    if (daemonState.gone || Date.now() > deadline) {
      const why = daemonState.gone ? 'libvirtd exited' : `no socket after ${String(timeoutMs)} ms`;
      const log = await tail(join(layout.log, 'libvirtd.log'));
      throw new LibvirtStartError(
        `private libvirtd in ${layout.dir} did not start (${why}): ${[daemon.stderr.join('').trim(), log].filter(Boolean).join('\n')}`,
      );
    }
    await sleep(20);
  }
}

/**
 * The socket accepts before the drivers are up; a connection waits for them, and fails if the
 * QEMU driver did not start (an unknown QEMU user, a broken qemu.conf).
 */
async function checkUsable(layout: PrivateLibvirtLayout, timeoutMs: number): Promise<void> {
  try {
    await runVirsh({ uri: layout.uri, args: ['version'], timeoutMs });
  } catch (error) {
    const log = await tail(join(layout.log, 'libvirtd.log'));
    const message = error instanceof Error ? error.message : String(error);
    throw new LibvirtStartError(
      `private libvirtd in ${layout.dir} is not usable: ${message}\n${log}`,
    );
  }
}

interface StopTargets {
  readonly layout: PrivateLibvirtLayout;
  readonly daemon: Daemon;
  /** Whether the daemons were started in a private mount namespace. */
  readonly private: boolean;
  /** That namespace (`mnt:[…]`), once known: read after start, or at stop at the latest. */
  namespace?: string | undefined;
}

async function stopAll(targets: StopTargets): Promise<void> {
  const { layout, daemon } = targets;
  const namespace =
    targets.namespace ?? (await privateNamespace(daemon.child.pid, targets.private));
  const virtlogd = await readPid(layout.virtlogdPidFile);
  const daemons = [daemon.child.pid, virtlogd].filter((pid) => pid !== undefined);
  const qemus = await qemuPids(layout);
  const strays = namespace === undefined ? [] : await pidsInMountNamespace(namespace);
  const others = [...new Set([...qemus, ...strays])].filter((pid) => !daemons.includes(pid));
  signalAll(others, 'SIGKILL');
  signalAll(daemons, 'SIGTERM');
  const left = await waitForExit([...daemons, ...others], 5000);
  signalAll(left, 'SIGKILL');
  await waitForExit(left, 2000);
  if (namespace !== undefined) {
    const late = await pidsInMountNamespace(namespace);
    signalAll(late, 'SIGKILL');
    await waitForExit(late, 2000);
  }
  await daemon.exited;
}

function handleOf(targets: StopTargets, logger: Logger): PrivateLibvirt {
  const { layout, daemon } = targets;
  let stopping: Promise<void> | undefined;
  return {
    uri: layout.uri,
    socketPath: layout.socketPath,
    layout,
    pid: daemon.child.pid ?? 0,
    exited: daemon.exited,
    async qemuPid(domain) {
      const pid = await readPid(join(layout.qemuPidDir, `${domain}.pid`));
      return pid !== undefined && (await isAlive(pid)) ? pid : undefined;
    },
    stop() {
      stopping ??= stopAll(targets).then(() => {
        logger.info('private libvirtd stopped');
      });
      return stopping;
    },
  };
}

async function privateNamespace(
  pid: number | undefined,
  namespace: boolean,
): Promise<string | undefined> {
  if (!namespace || pid === undefined) return undefined;
  const own = await mountNamespaceOf(pid);
  // Never scan-and-kill our own namespace.
  return own !== undefined && own !== (await mountNamespaceOf('self')) ? own : undefined;
}

/**
 * Starts a private virtlogd and libvirtd for one VM pod. As root (by default) they run in a
 * private mount namespace (`unshare --mount --propagation private`) where `dir`'s run, lib, log,
 * cache and etc directories are bind-mounted over libvirt's system paths, with a qemu.conf that
 * runs QEMU as `qemuUser`, so that several pods (and nodes) on one machine never collide; the
 * launcher stays outside and connects to `<dir>/run/libvirt-sock`. Otherwise the daemons start
 * with the standard paths (a container already private). Resolves once the daemon accepts
 * connections; a LibvirtStartError carries the daemon's complaint.
 */
export async function startPrivateLibvirt(options: PrivateLibvirtOptions): Promise<PrivateLibvirt> {
  if (!isAbsolute(options.dir)) {
    throw new LibvirtStartError(`'${options.dir}' is not an absolute path`);
  }
  const namespace = options.namespace ?? process.getuid?.() === 0;
  const layout = namespace ? privateLibvirtLayout(options.dir) : standardLibvirtLayout(options.dir);
  await prepareDirs(layout, options.qemuUser ?? defaultQemuUser, namespace);
  const privateCapabilities = join(layout.cache, 'qemu', 'capabilities');
  const shared = namespace ? options.capabilitiesCacheDir : undefined;
  if (shared !== undefined) await copyCapabilities(shared, privateCapabilities);
  const started = Date.now();
  const daemon = spawnDaemons(layout, options.accel, namespace);
  const targets: StopTargets = { layout, daemon, private: namespace };
  try {
    await waitForSocket(layout, daemon, options.timeoutMs ?? 15_000);
    targets.namespace = await privateNamespace(daemon.child.pid, namespace);
    await checkUsable(layout, options.timeoutMs ?? 15_000);
  } catch (error) {
    await stopAll(targets);
    throw error;
  }
  if (shared !== undefined) await copyCapabilities(privateCapabilities, shared);
  const logger = options.logger.child({ libvirtDir: options.dir });
  logger.info(
    { pid: daemon.child.pid, ms: Date.now() - started, namespace },
    'private libvirtd started',
  );
  return handleOf(targets, logger);
}
