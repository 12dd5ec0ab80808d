import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  childPidNamespaceOf,
  pidsInPidNamespace,
  signalAll,
  waitForExit,
} from '../libvirt/process-table.ts';
import { PasstError } from './passt-error.ts';
import { settlesWithin } from '../settles-within.ts';

/** Options of {@link startPasst}. */
export interface StartPasstOptions {
  readonly passtPath: string;
  /** From `passtArgs`: must run passt in the foreground (`-f`) with `-s socket`. */
  readonly args: readonly string[];
  /** The socket in `args`: passt is up once it exists. */
  readonly socket: string;
  /** How long to wait for the socket; default 10 s. */
  readonly timeoutMs?: number;
}

/** How passt ended. */
export interface PasstExit {
  /** Whether `stop()` ended it. */
  readonly expected: boolean;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Its last lines on stderr (its complaint, when it failed). */
  readonly output: string;
}

/** A passt the launcher runs for its guest. */
export interface RunningPasst {
  /** The launcher's child (`unshare`, holding passt's PID namespace). */
  readonly pid: number;
  /** Resolves once passt is gone, whether by `stop()` or not. */
  readonly exited: Promise<PasstExit>;
  /** Stops passt (SIGTERM, then SIGKILL after 3 s); resolves once no process of it is left. Idempotent. */
  stop(): Promise<void>;
}

// PID 1 of a PID namespace of its own: passt drops root (`--runas`), which clears a parent-death
// signal, so the shell holds it instead; when the shell dies the kernel kills passt with it.
const script = '"$@" & wait $!';

/**
 * The command that runs passt: `setpriv --pdeathsig KILL` (the launcher's death kills
 * `unshare`), `unshare --pid --fork --kill-child` (which kills the namespace's PID 1, a shell),
 * and the shell running passt in the background, so that no passt outlives the launcher, even
 * after a SIGKILL.
 */
export function passtCommand(passtPath: string, args: readonly string[]): string[] {
  return [
    'setpriv',
    '--pdeathsig',
    'KILL',
    '--',
    'unshare',
    '--pid',
    '--fork',
    '--kill-child',
    '--',
    'sh',
    '-c',
    script,
    'sh',
    passtPath,
    ...args,
  ];
}

/** passt's stderr without the noise of a missing syslog, last `lines` lines. */
export function passtOutput(stderr: string, lines = 6): string {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Failed to send \d+ bytes to syslog$/.test(line))
    .slice(-lines)
    .join('\n');
}

/** "passt exited with code 1: Failed to bind any port for '-t 10.0.0.2/80', exiting". */
export function describePasstExit(exit: PasstExit): string {
  const how = exit.signal === null ? `with code ${String(exit.code)}` : `on signal ${exit.signal}`;
  return `passt exited ${how}${exit.output === '' ? '' : `: ${exit.output}`}`;
}

async function waitForSocket(
  socket: string,
  state: { exit: PasstExit | undefined },
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(socket)) {
    if (state.exit !== undefined) throw new PasstError(describePasstExit(state.exit));
    if (Date.now() > deadline) {
      throw new PasstError(`passt made no socket at ${socket} within ${String(timeoutMs)} ms`);
    }
    await sleep(20);
  }
}

/**
 * Starts passt as the launcher's child (see `passtCommand`) in the launcher's network namespace
 * and resolves once its socket exists; a PasstError carries passt's complaint when it exits
 * first or makes no socket in time. Its own session: a signal to the launcher's process group
 * (a pod's SIGTERM) leaves it to the guest's graceful shutdown.
 */
export async function startPasst(options: StartPasstOptions): Promise<RunningPasst> {
  const [command = 'setpriv', ...rest] = passtCommand(options.passtPath, options.args);
  const child = spawn(command, rest, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8192);
  });
  const state: { exit: PasstExit | undefined; stopping: boolean } = {
    exit: undefined,
    stopping: false,
  };
  const exited = new Promise<PasstExit>((resolve) => {
    const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
      state.exit ??= { expected: state.stopping, code, signal, output: passtOutput(stderr) };
      resolve(state.exit);
    };
    // A command that cannot be spawned emits `error` and maybe no `close`.
    child.once('error', (error) => {
      stderr += `\n${error.message}`;
      settle(null, null);
    });
    child.once('close', settle);
  });
  const pid = child.pid ?? 0;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    state.stopping = true;
    stopping ??= stopPasst(pid, exited);
    return stopping;
  };
  try {
    await waitForSocket(options.socket, state, options.timeoutMs ?? 10_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid, exited, stop };
}

/** SIGTERM to passt (the namespace's PID 1 ignores it and exits when passt does), then SIGKILL. */
async function stopPasst(pid: number, exited: Promise<PasstExit>): Promise<void> {
  if (pid <= 0) {
    await exited; // never spawned: nothing to signal (and kill(0) would hit our own group)
    return;
  }
  const namespace = await childPidNamespaceOf(pid);
  const own = await childPidNamespaceOf(process.pid);
  const pids =
    namespace !== undefined && namespace !== own ? await pidsInPidNamespace(namespace) : [];
  signalAll(pids, 'SIGTERM');
  if (!(await settlesWithin(exited, 3000))) signalAll([pid], 'SIGKILL');
  await exited;
  await waitForExit(pids, 2000);
}
