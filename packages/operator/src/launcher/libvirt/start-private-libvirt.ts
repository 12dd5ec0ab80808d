import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@podvisor/kube/process';
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
  childPidNamespaceOf,
  hostPidOf,
  isAlive,
  pidsInPidNamespace,
  signalAll,
  waitForExit,
} from './process-table.ts';
import { settlesWithin } from '../settles-within.ts';

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
  /**
   * Default: private mount and PID namespaces when running as root, the standard paths
   * otherwise.
   */
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
  /**
   * The launcher's child: `unshare`, outside the PID namespace it made (in the mount namespace),
   * or libvirtd itself on the standard paths.
   */
  readonly pid: number;
  /** Resolves when that child exits (with libvirtd), whether by `stop()` or not. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The host pid of a running domain's QEMU, from libvirt's pid file. */
  qemuPid(domain: string): Promise<number | undefined>;
  /** Stops libvirtd and virtlogd and kills every QEMU (or other process) they left. Idempotent. */
  stop(): Promise<void>;
}

// $1 dir, $2 mask-kvm|keep-kvm, $3 namespace|direct. In a private mount namespace, the pod's
// directories replace libvirt's system paths; the daemons then run with the usual paths. There
// the shell is PID 1 of the pod's own PID namespace: it reaps the processes that libvirt
// daemonizes (virtlogd, QEMU) while libvirtd runs, and when it ends the kernel kills every
// process left in the namespace.
const startScript = `set -e
d=$1
bind() { mkdir -p "$2"; mount --bind "$d/$1" "$2"; }
if [ "$3" = direct ]; then
  virtlogd -d -p "$d/virtlogd.pid"
  exec libvirtd -p "$d/libvirtd.pid"
fi
bind run /run/libvirt
bind lib /var/lib/libvirt
bind log /var/log/libvirt
bind cache /var/cache/libvirt
bind etc /etc/libvirt
if [ "$2" = mask-kvm ] && [ -e /dev/kvm ]; then mount --bind "$d/no-kvm" /dev/kvm; fi
virtlogd -d -p "$d/virtlogd.pid"
set +e
libvirtd -p "$d/libvirtd.pid" &
daemon=$!
trap 'kill -TERM "$daemon" 2>/dev/null' TERM INT
while kill -0 "$daemon" 2>/dev/null; do wait "$daemon"; done
`;

/**
 * The command that runs the start script. The launcher's death kills it (`setpriv --pdeathsig`,
 * inherited across exec), whatever killed the launcher. As root it is `unshare` with new mount
 * and PID namespaces (`/proc` remounted, so libvirt's view of pids is coherent): `--kill-child`
 * passes the death on to the namespace's PID 1, whose end kills everything in the namespace.
 */
export function daemonCommand(
  script: string,
  args: readonly string[],
  namespace: boolean,
): string[] {
  const isolate = namespace
    ? [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '--pid',
        '--fork',
        '--kill-child',
        '--mount-proc',
        '--',
      ]
    : [];
  return ['setpriv', '--pdeathsig', 'KILL', '--', ...isolate, 'sh', '-c', script, 'sh', ...args];
}

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
  const [command = 'setpriv', ...rest] = daemonCommand(startScript, args, namespace);
  // Its own session: a signal to the launcher's process group (a pod's SIGTERM) must not reach
  // libvirtd, which the launcher still needs to shut the guest down gracefully.
  const child = spawn(command, rest, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
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
  /** Whether the daemons were started in private mount and PID namespaces. */
  readonly private: boolean;
  /** That PID namespace (`pid:[…]`), once known: read after start, or at stop at the latest. */
  namespace?: string | undefined;
}

/**
 * Private namespaces: SIGTERM to every process in the pod's PID namespace; once its PID 1 is
 * gone the kernel has killed the rest. Past 5 s, SIGKILL to `unshare`, whose `--kill-child`
 * takes PID 1 (and so the namespace) with it.
 */
async function stopNamespace(targets: StopTargets): Promise<void> {
  const { daemon } = targets;
  const namespace = targets.namespace ?? (await privatePidNamespace(daemon.child.pid));
  if (namespace !== undefined) signalAll(await pidsInPidNamespace(namespace), 'SIGTERM');
  if (!(await settlesWithin(daemon.exited, 5000)) && daemon.child.pid !== undefined) {
    signalAll([daemon.child.pid], 'SIGKILL');
  }
  await daemon.exited;
}

/** Standard paths (inside a container): libvirtd, virtlogd and the QEMUs by their pid files. */
async function stopDirect(targets: StopTargets): Promise<void> {
  const { layout, daemon } = targets;
  const virtlogd = await readPid(layout.virtlogdPidFile);
  const daemons = [daemon.child.pid, virtlogd].filter((pid) => pid !== undefined);
  const others = (await qemuPids(layout)).filter((pid) => !daemons.includes(pid));
  signalAll(others, 'SIGKILL');
  signalAll(daemons, 'SIGTERM');
  const left = await waitForExit([...daemons, ...others], 5000);
  signalAll(left, 'SIGKILL');
  await waitForExit(left, 2000);
  await daemon.exited;
}

const stopAll = (targets: StopTargets): Promise<void> =>
  targets.private ? stopNamespace(targets) : stopDirect(targets);

/** The host pid of a domain's QEMU: libvirt's pid file holds its pid inside the namespace. */
async function qemuHostPid(targets: StopTargets, domain: string): Promise<number | undefined> {
  const pid = await readPid(join(targets.layout.qemuPidDir, `${domain}.pid`));
  if (pid === undefined) return undefined;
  if (!targets.private) return (await isAlive(pid)) ? pid : undefined;
  const namespace = targets.namespace ?? (await privatePidNamespace(targets.daemon.child.pid));
  return namespace === undefined ? undefined : hostPidOf(namespace, pid);
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
    qemuPid: (domain) => qemuHostPid(targets, domain),
    stop() {
      stopping ??= stopAll(targets).then(() => {
        logger.info('private libvirtd stopped');
      });
      return stopping;
    },
  };
}

/**
 * The PID namespace `unshare` (the launcher's child `pid`) created, or undefined before it did:
 * never our own, which a scan-and-signal must not touch.
 */
async function privatePidNamespace(pid: number | undefined): Promise<string | undefined> {
  if (pid === undefined) return undefined;
  const created = await childPidNamespaceOf(pid);
  return created !== undefined && created !== (await childPidNamespaceOf(process.pid))
    ? created
    : undefined;
}

/**
 * Starts a private virtlogd and libvirtd for one VM pod. As root (by default) they run in
 * private mount and PID namespaces (`unshare --mount --pid --fork --kill-child --mount-proc`)
 * where `dir`'s run, lib, log, cache and etc directories are bind-mounted over libvirt's system
 * paths, with a qemu.conf that runs QEMU as `qemuUser`, so that several pods (and nodes) on one
 * machine never collide; the launcher stays outside and connects to `<dir>/run/libvirt-sock`.
 * The daemons and QEMU die with the launcher, even on SIGKILL (see `daemonCommand`). Otherwise
 * the daemons start with the standard paths (a container already private). Resolves once the
 * daemon accepts connections; a LibvirtStartError carries the daemon's complaint.
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
    targets.namespace = await privatePidNamespace(daemon.child.pid);
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
