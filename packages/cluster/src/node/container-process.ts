import { spawn } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { killCgroup } from './container-cgroup.ts';
import { runInNetns } from './network/run-in-netns.ts';
import type { ContainerStdin } from './container-stdin.ts';

/** How a process ended. */
export interface ProcessExit {
  /** The exit code; 128 + the signal number when a signal ended it. */
  readonly exitCode: number;
  /** The signal's name when a signal ended it and the node saw it. */
  readonly signal: string | undefined;
  readonly finishedAt: Date;
}

/** A container's main process: started here, or adopted after a node agent restart. */
export interface ProcessHandle {
  /** The pid, which is also the id of the process group the container runs in. */
  readonly pid: number;
  /** The process's start time from `/proc/<pid>/stat`, which tells it apart from a reused pid. */
  readonly procStart: string;
  readonly exited: Promise<ProcessExit>;
  /** Sends a signal to the whole process group; no-op once it is gone. */
  signalGroup(signal: NodeJS.Signals): void;
}

/**
 * The shell that wraps every container process: it records the exit code in a file (so that a
 * node agent that restarted can learn how an adopted process ended) and passes signals through.
 * `$0` is the exit file; `"$@"` the container's command line. The shell's own messages (such as
 * "Killed") go to /dev/null, not to the container's stderr.
 */
const wrapperScript =
  'trap : TERM INT HUP; exec 3>&2 2>/dev/null; (exec "$@" 2>&3 3>&-); c=$?; echo $c > "$0"; exit $c';

/**
 * The wrapper of a container with stdin: `$1` is the stdin FIFO, `$2` the keeper's pid file, `$3`
 * busybox. The keeper (a `sleep` in the container's process group) holds the FIFO open read-write
 * so the process never sees end-of-file until the node kills the keeper; the process itself only
 * reads the FIFO. Both ends are opened before the keeper starts (read-write first, so neither open
 * blocks), so the keeper holds its end from the moment its pid is recorded and killing it at any
 * time after that ends the process's input instead of leaving the process blocked opening the FIFO.
 */
const stdinWrapperScript =
  'trap : TERM INT HUP; exec 3>&2 2>/dev/null; f=$1; k=$2; b=$3; shift 3; ' +
  'exec 9<>"$f" 8<"$f"; "$b" sleep 2147483647 </dev/null >/dev/null 8<&- & echo $! > "$k"; ' +
  'exec 9>&-; (exec "$@" <&8 8<&- 2>&3 3>&-); c=$?; echo $c > "$0"; exit $c';

/**
 * Puts the shell (`$$`, `$0` is the cgroup directory) into the container's cgroup, then becomes
 * the wrapper with `exec`, keeping its pid: every process the container starts is born there.
 */
const cgroupJoinScript = '{ echo $$ > "$0/cgroup.procs"; } 2>/dev/null; exec "$@"';

/** The start time (in clock ticks since boot) of a live, non-zombie process; undefined when gone. */
export function procStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return fields[19];
}

/** The exit code a wrapped process recorded, or undefined when it did not (killed, or still running). */
export function readExitFile(path: string): number | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

function exitFrom(
  exitFile: string,
  code: number | null,
  signal: NodeJS.Signals | null,
): ProcessExit {
  const recorded = readExitFile(exitFile);
  const signalNumber = signal === null ? undefined : osConstants.signals[signal];
  const exitCode = recorded ?? code ?? 128 + (signalNumber ?? 9);
  return {
    exitCode,
    signal: recorded === undefined && signal !== null ? signal : undefined,
    finishedAt: new Date(),
  };
}

/** How to start a container's main process. */
export interface StartProcessOptions {
  /** The shell (`/bin/busybox`) that runs the exit-recording wrapper. */
  readonly shell: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Files the process's stdout and stderr are appended to (the node turns them into CRI logs). */
  readonly stdoutFile: string;
  readonly stderrFile: string;
  /** The stdin FIFO and keeper of a container with `stdin: true` (see {@link ContainerStdin}). */
  readonly stdin: ContainerStdin | undefined;
  readonly exitFile: string;
  /**
   * The container's cgroup directory (see `container-cgroup.ts`): the process joins it before it
   * starts anything, and whatever is left there when it ends is killed, as in a real container.
   */
  readonly cgroup?: string | undefined;
  /** The pod's network namespace: the process starts inside it (`ip netns exec`, which keeps the pid). */
  readonly netns?: string | undefined;
}

/** Kills the rest of a container whose main process ended: its process group and its cgroup. */
async function killRemains(pid: number, cgroup: string | undefined): Promise<void> {
  signalGroup(pid, 'SIGKILL');
  if (cgroup !== undefined) await killCgroup(cgroup);
}

/**
 * The command line of a container's process: the wrapper, inside the pod's netns when it has one,
 * after joining the container's cgroup when it has one.
 */
function processCommand(
  options: StartProcessOptions,
  wrapper: readonly string[],
): { file: string; args: string[] } {
  const wrapperArgs = ['sh', '-c', ...wrapper, ...options.argv];
  const inNetns =
    options.netns === undefined
      ? { file: options.shell, args: wrapperArgs }
      : runInNetns(options.netns, options.shell, wrapperArgs);
  if (options.cgroup === undefined) return { file: inNetns.file, args: [...inNetns.args] };
  // The cgroup is joined first: `ip netns exec` remounts /sys, which hides /sys/fs/cgroup.
  return {
    file: options.shell,
    args: ['sh', '-c', cgroupJoinScript, options.cgroup, inNetns.file, ...inNetns.args],
  };
}

/**
 * Starts a container process in its own session and process group, detached from the node agent
 * (it survives the agent), with output going to files.
 */
export function startProcess(options: StartProcessOptions): ProcessHandle {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND;
  const out = openSync(options.stdoutFile, flags, 0o640);
  const err = openSync(options.stderrFile, flags, 0o640);
  const { stdin } = options;
  const wrapper =
    stdin === undefined
      ? [wrapperScript, options.exitFile]
      : [stdinWrapperScript, options.exitFile, stdin.fifo, stdin.keeperFile, options.shell];
  try {
    const command = processCommand(options, wrapper);
    const child = spawn(command.file, command.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', out, err],
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${options.shell}`);
    child.unref();
    child.on('error', () => undefined);
    const exited = new Promise<ProcessExit>((resolve) => {
      child.once('exit', (code, signal) => {
        const exit = exitFrom(options.exitFile, code, signal);
        void killRemains(pid, options.cgroup).then(() => {
          resolve(exit);
        });
      });
    });
    return {
      pid,
      procStart: procStartTime(pid) ?? '',
      exited,
      signalGroup: (signal) => {
        signalGroup(pid, signal);
      },
    };
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

/**
 * Takes over a process a previous node agent started, if it still runs (same pid and start
 * time). Its end is noticed by polling; the exit code comes from the wrapper's exit file; what
 * is left of the container then (its group, its cgroup when given) is killed.
 */
export function adoptProcess(
  record: { pid: number; procStart: string; exitFile: string; cgroup?: string | undefined },
  pollMs = 500,
): ProcessHandle | undefined {
  const { pid, procStart, exitFile, cgroup } = record;
  if (procStart === '' || procStartTime(pid) !== procStart) return undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    const timer = setInterval(() => {
      if (procStartTime(pid) === procStart) return;
      clearInterval(timer);
      const exit = exitFrom(
        exitFile,
        null,
        readExitFile(exitFile) === undefined ? 'SIGKILL' : null,
      );
      void killRemains(pid, cgroup).then(() => {
        resolve(exit);
      });
    }, pollMs);
    timer.unref();
  });
  return {
    pid,
    procStart,
    exited,
    signalGroup: (signal) => {
      if (procStartTime(pid) === procStart) signalGroup(pid, signal);
    },
  };
}
