import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { join } from 'node:path';
import type { JsonObject } from '../apiserver/json.ts';
import type { AttachSession, ExecSession, OutputListener } from './container-access.ts';
import { createCgroup, killCgroup } from './container-cgroup.ts';
import { execOnce, spawnExec } from './container-exec.ts';
import {
  adoptProcess,
  readExitFile,
  startProcess,
  type ProcessExit,
  type ProcessHandle,
} from './container-process.ts';
import {
  closeContainerStdin,
  isStdinOpen,
  openStdinWriter,
  type ContainerStdin,
} from './container-stdin.ts';
import { CriLogTailer } from './cri-log.ts';
import type { ContainerRecord, ExecContext } from './pod-record.ts';
import {
  apiTime,
  type ContainerStateView,
  type ContainerView,
  type Termination,
} from './pod-status.ts';
import { ProbeLoop, type ProbeTarget } from './probes.ts';
import { readObject, readObjects, readString } from './read-json.ts';

/** Crash back-off: 10 s doubling to 5 min, forgotten after 10 min of running. */
export interface BackoffSettings {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly resetAfterMs: number;
}

/** What a {@link ContainerRunner} reports to its pod. */
export interface RunnerHooks {
  /** Something the status shows changed (exit, readiness…): the pod syncs. */
  readonly changed: () => void;
  /** The record changed and must be saved. */
  readonly persist: () => void;
  readonly event: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  /** An unexpected failure while following the process (logged by the pod). */
  readonly failed: (error: unknown) => void;
}

/** How a {@link ContainerRunner} is set up. */
export interface RunnerOptions {
  readonly spec: JsonObject;
  readonly init: boolean;
  readonly record: ContainerRecord;
  readonly podDir: string;
  readonly podUid: string;
  readonly restartPolicy: string;
  readonly backoff: BackoffSettings;
  readonly busybox: string;
  readonly terminationGraceMs: number;
  /** The container's cgroup directory, when the node tracks containers by cgroup. */
  readonly cgroup: string | undefined;
  readonly hooks: RunnerHooks;
}

/** A prepared start: the command line, env and directories of the process. */
export interface StartSpec {
  readonly argv: readonly string[];
  readonly exec: ExecContext;
  readonly podIP: string;
}

/** The message of a CrashLoopBackOff, in the kubelet's words. */
function backoffMessage(seconds: number, name: string, podLabel: string): string {
  const human = seconds >= 60 ? `${Math.floor(seconds / 60)}m${seconds % 60}s` : `${seconds}s`;
  return `back-off ${human} restarting failed container=${name} pod=${podLabel}`;
}

/**
 * One container of a pod: starts (or adopts) its process, logs it, probes it, records how each
 * run ends and when the next may start (restartPolicy and crash back-off).
 */
export class ContainerRunner {
  readonly name: string;
  readonly spec: JsonObject;
  readonly init: boolean;
  readonly record: ContainerRecord;
  /** Set by the pod while the container cannot start: ErrImagePull, CreateContainerConfigError… */
  waiting: { reason: string; message?: string } | undefined;
  readonly #options: RunnerOptions;
  #handle: ProcessHandle | undefined;
  #tailer: CriLogTailer | undefined;
  #probes: ProbeLoop[] = [];
  #startup: ProbeLoop | undefined;
  #readiness: ProbeLoop | undefined;
  #started = false;
  readonly #listeners = new Set<OutputListener>();
  readonly #execs = new Set<ExecSession>();
  /** The attach sessions' writers on the container's stdin. */
  readonly #stdinWriters = new Set<Writable>();
  /** This run's stdin was closed (`stdinOnce`): attach sessions get no stdin any more. */
  #stdinClosed = false;
  #killing: Promise<void> | undefined;
  #nodeShutdown = false;
  #finished: Promise<void> = Promise.resolve();

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.spec = options.spec;
    this.name = readString(options.spec['name']);
    this.init = options.init;
    this.record = options.record;
  }

  get dir(): string {
    return join(this.#options.podDir, 'containers', this.name);
  }

  get running(): boolean {
    return this.#handle !== undefined;
  }

  get exited(): Promise<ProcessExit> | undefined {
    return this.#handle?.exited;
  }

  /** Finished with exit code 0 and will not run again. */
  get succeeded(): boolean {
    return this.record.done === true && this.record.lastTermination?.exitCode === 0;
  }

  /** The CRI log file of the current run (or the one before it), if it exists. */
  logFile(previous: boolean): string | undefined {
    const current = this.record.running?.runIndex ?? this.record.runs - 1;
    const index = previous ? current - 1 : current;
    const path = join(this.#options.podDir, 'logs', this.name, `${index}.log`);
    return index >= 0 && existsSync(path) ? path : undefined;
  }

  #files(runIndex: number): {
    stdout: string;
    stderr: string;
    exit: string;
    offsets: string;
    stdin: ContainerStdin;
  } {
    const base = join(this.dir, `run-${runIndex}`);
    return {
      stdout: `${base}.stdout`,
      stderr: `${base}.stderr`,
      exit: `${base}.exit`,
      offsets: `${base}.offsets`,
      stdin: { fifo: join(this.dir, 'stdin'), keeperFile: `${base}.stdin-keeper` },
    };
  }

  /** The stdin of a container with `stdin: true`, its FIFO created on first use. */
  #stdin(runIndex: number): ContainerStdin | undefined {
    if (this.spec['stdin'] !== true) return undefined;
    const { stdin } = this.#files(runIndex);
    if (!existsSync(stdin.fifo))
      spawnSync(this.#options.busybox, ['mkfifo', '-m', '600', stdin.fifo]);
    return stdin;
  }

  /** The container's cgroup, created; undefined when the node does not (or cannot) use one. */
  #cgroup(): string | undefined {
    const { cgroup } = this.#options;
    return cgroup !== undefined && createCgroup(cgroup) ? cgroup : undefined;
  }

  /** Starts a new run of the container. */
  start(spec: StartSpec): void {
    const { record } = this;
    const runIndex = record.runs;
    const { initialMs, maxMs } = this.#options.backoff;
    mkdirSync(this.dir, { recursive: true });
    mkdirSync(join(this.#options.podDir, 'logs', this.name), { recursive: true });
    const files = this.#files(runIndex);
    const handle = startProcess({
      shell: this.#options.busybox,
      argv: spec.argv,
      env: spec.exec.env,
      cwd: spec.exec.cwd,
      stdoutFile: files.stdout,
      stderrFile: files.stderr,
      stdin: this.#stdin(runIndex),
      exitFile: files.exit,
      cgroup: this.#cgroup(),
      netns: spec.exec.netns,
    });
    this.#stdinClosed = false;
    record.backoffMs =
      runIndex === 0
        ? 0
        : record.backoffMs === 0
          ? initialMs
          : Math.min(record.backoffMs * 2, maxMs);
    record.runs = runIndex + 1;
    record.running = {
      pid: handle.pid,
      procStart: handle.procStart,
      startedAt: apiTime(new Date()),
      runIndex,
    };
    record.exec = spec.exec;
    this.waiting = undefined;
    this.#options.hooks.persist();
    this.#options.hooks.event('Normal', 'Started', `Started container ${this.name}`);
    this.#follow(handle, spec.podIP);
  }

  /**
   * Takes over the process a previous node agent started, or records how it ended when it is
   * gone. Returns whether a process was adopted.
   */
  adopt(podIP: string): boolean {
    const run = this.record.running;
    if (run === undefined) return false;
    const files = this.#files(run.runIndex);
    const { cgroup } = this.#options;
    const handle = adoptProcess({
      pid: run.pid,
      procStart: run.procStart,
      exitFile: files.exit,
      cgroup,
    });
    if (handle !== undefined) {
      this.#stdinClosed = this.spec['stdin'] === true && !isStdinOpen(files.stdin, handle.pid);
      this.#follow(handle, podIP);
      return true;
    }
    // The process ended while no agent watched: what it left behind dies as it would have.
    if (cgroup !== undefined) void killCgroup(cgroup);
    const recorded = readExitFile(files.exit);
    this.#finished = this.#finishRun({
      exitCode: recorded ?? 137,
      signal: recorded === undefined ? 'SIGKILL' : undefined,
      finishedAt: new Date(),
    }).catch(this.#options.hooks.failed);
    return false;
  }

  #follow(handle: ProcessHandle, podIP: string): void {
    const run = this.record.running;
    if (run === undefined) return;
    const files = this.#files(run.runIndex);
    this.#handle = handle;
    this.#tailer = new CriLogTailer({
      sources: [
        { stream: 'stdout', path: files.stdout },
        { stream: 'stderr', path: files.stderr },
      ],
      output: join(this.#options.podDir, 'logs', this.name, `${run.runIndex}.log`),
      offsetsFile: files.offsets,
      onChunk: (stream, chunk) => {
        for (const listener of this.#listeners) listener(stream, chunk);
      },
    });
    this.#tailer.start();
    this.#startProbes(podIP);
    this.#finished = handle.exited
      .then((exit) => this.#finishRun(exit))
      .catch(this.#options.hooks.failed);
  }

  async #finishRun(exit: ProcessExit): Promise<void> {
    const { record } = this;
    const run = record.running;
    if (run === undefined) return;
    this.#stopProbes();
    await this.#tailer?.finish();
    this.#tailer = undefined;
    this.#handle = undefined;
    const termination: Termination = {
      exitCode: exit.exitCode,
      reason: exit.exitCode === 0 ? 'Completed' : 'Error',
      ...(exit.signal === undefined ? {} : { signal: exit.exitCode - 128 }),
      startedAt: run.startedAt,
      finishedAt: apiTime(exit.finishedAt),
    };
    record.previousTermination = record.lastTermination;
    record.lastTermination = termination;
    record.running = undefined;
    this.#decideRestart(termination, {
      finishedMs: exit.finishedAt.getTime(),
      ranMs: exit.finishedAt.getTime() - Date.parse(run.startedAt),
    });
    this.#options.hooks.persist();
    this.#options.hooks.changed();
  }

  #decideRestart(termination: Termination, timing: { finishedMs: number; ranMs: number }): void {
    const policy = this.#options.restartPolicy;
    const failed = termination.exitCode !== 0;
    const restart = this.init
      ? failed && policy !== 'Never'
      : policy === 'Always' || (policy === 'OnFailure' && failed);
    if (!restart || (this.#killing !== undefined && !this.#nodeShutdown)) {
      this.record.done = true;
      return;
    }
    if (timing.ranMs >= this.#options.backoff.resetAfterMs) this.record.backoffMs = 0;
    this.record.notBefore = timing.finishedMs + this.record.backoffMs;
  }

  #probeTarget(podIP: string): ProbeTarget {
    return {
      podIP,
      ports: readObjects(this.spec['ports']),
      exec: (command, timeoutMs) => {
        const ctx = this.record.exec;
        if (ctx === undefined) return Promise.resolve({ exitCode: 1, output: 'not running' });
        return execOnce(ctx, command, timeoutMs);
      },
    };
  }

  #startProbes(podIP: string): void {
    const target = this.#probeTarget(podIP);
    const startup = this.spec['startupProbe'];
    this.#started = startup === undefined;
    if (startup !== undefined) {
      this.#startup = new ProbeLoop({
        probe: readObject(startup),
        target,
        initial: false,
        onChange: (healthy, message) => {
          if (!healthy) {
            this.#unhealthy('Startup', message);
            return;
          }
          this.#started = true;
          this.#startup?.stop();
          this.#startRunningProbes(target);
          this.#options.hooks.changed();
        },
      });
      this.#probes.push(this.#startup);
      this.#startup.start();
      return;
    }
    this.#startRunningProbes(target);
  }

  #startRunningProbes(target: ProbeTarget): void {
    const liveness = this.spec['livenessProbe'];
    const readiness = this.spec['readinessProbe'];
    if (liveness !== undefined) {
      const loop = new ProbeLoop({
        probe: readObject(liveness),
        target,
        initial: true,
        onChange: (healthy, message) => {
          if (!healthy) this.#unhealthy('Liveness', message);
        },
      });
      this.#probes.push(loop);
      loop.start();
    }
    if (readiness !== undefined) {
      this.#readiness = new ProbeLoop({
        probe: readObject(readiness),
        target,
        initial: false,
        onChange: (healthy, message) => {
          if (!healthy)
            this.#options.hooks.event('Warning', 'Unhealthy', `Readiness probe failed: ${message}`);
          this.#options.hooks.changed();
        },
      });
      this.#probes.push(this.#readiness);
      this.#readiness.start();
    }
  }

  #unhealthy(kind: 'Liveness' | 'Startup', message: string): void {
    const { hooks, terminationGraceMs } = this.#options;
    hooks.event('Warning', 'Unhealthy', `${kind} probe failed: ${message}`);
    hooks.event(
      'Normal',
      'Killing',
      `Container ${this.name} failed ${kind.toLowerCase()} probe, will be restarted`,
    );
    this.#stopProbes();
    const handle = this.#handle;
    if (handle === undefined) return;
    handle.signalGroup('SIGTERM');
    const timer = setTimeout(() => {
      handle.signalGroup('SIGKILL');
    }, terminationGraceMs);
    timer.unref();
    void handle.exited.then(() => {
      clearTimeout(timer);
    });
  }

  #stopProbes(): void {
    for (const probe of this.#probes.splice(0)) probe.stop();
    this.#startup = undefined;
    this.#readiness = undefined;
  }

  /** Stops the process: SIGTERM to its group, SIGKILL after the grace period. No restart follows. */
  kill(graceMs: number): Promise<void> {
    this.#killing ??= this.#kill(graceMs);
    return this.#killing;
  }

  /**
   * Stops the process because the node agent shuts down with its pods (a node powering off): the
   * run ends as killed, yet the container stays restartable, so the next agent starts it again
   * as its restartPolicy says (a kubelet after a reboot), instead of leaving the pod Completed.
   */
  stopForNodeShutdown(): Promise<void> {
    this.#nodeShutdown = true;
    return this.kill(this.#options.terminationGraceMs);
  }

  async #kill(graceMs: number): Promise<void> {
    for (const session of this.#execs) session.kill();
    const handle = this.#handle;
    if (handle === undefined) return;
    this.#stopProbes();
    handle.signalGroup('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([handle.exited, graceOver]);
    clearTimeout(timer);
    handle.signalGroup('SIGKILL');
    await this.#finished;
  }

  /** Stops following the process without touching it (the node agent is shutting down). */
  detach(): void {
    this.#stopProbes();
    this.#tailer?.stop();
  }

  /** Runs a command in the running container (`kubectl exec`). */
  exec(command: readonly string[]): ExecSession | undefined {
    const ctx = this.record.exec;
    if (!this.running || ctx === undefined) return undefined;
    const session = spawnExec(ctx, command);
    this.#execs.add(session);
    void session.exit.then(() => this.#execs.delete(session));
    return session;
  }

  /**
   * Attaches to the running process's output and, when asked for and the container has
   * `stdin: true` (and its stdin is not closed), its stdin. With `stdinOnce`, the end of the
   * first session's stdin closes the container's stdin: the process reads end-of-file.
   */
  attach(options: { stdin: boolean } = { stdin: true }): AttachSession | undefined {
    const handle = this.#handle;
    const run = this.record.running;
    if (handle === undefined || run === undefined) return undefined;
    const stdin = options.stdin ? this.#openStdin(run.runIndex, handle.pid) : undefined;
    const finished = this.#finished;
    const mine = new Set<OutputListener>();
    return {
      stdin,
      onOutput: (listener) => {
        mine.add(listener);
        this.#listeners.add(listener);
        return () => {
          mine.delete(listener);
          this.#listeners.delete(listener);
        };
      },
      // The session ends once the run's last output has reached the listeners.
      exit: handle.exited.then(async (exit) => {
        await finished;
        return exit.exitCode;
      }),
      detach: () => {
        stdin?.end();
        for (const listener of mine) this.#listeners.delete(listener);
      },
    };
  }

  #openStdin(runIndex: number, group: number): Writable | undefined {
    if (this.spec['stdin'] !== true || this.#stdinClosed) return undefined;
    const stdin = this.#files(runIndex).stdin;
    const writer = openStdinWriter(stdin);
    if (writer === undefined) return undefined;
    this.#stdinWriters.add(writer);
    writer.once('close', () => {
      this.#stdinWriters.delete(writer);
      const sameRun = this.record.running?.runIndex === runIndex;
      if (this.spec['stdinOnce'] === true && sameRun) this.#closeStdin(stdin, group);
    });
    return writer;
  }

  /** Closes this run's stdin: no new writers, the others ended, the keeper killed. */
  #closeStdin(stdin: ContainerStdin, group: number): void {
    if (this.#stdinClosed) return;
    this.#stdinClosed = true;
    for (const writer of this.#stdinWriters) writer.end();
    void closeContainerStdin(stdin, group).catch(this.#options.hooks.failed);
  }

  #state(fallback: string, podLabel: string): ContainerStateView {
    const { record } = this;
    if (record.running !== undefined && this.#handle !== undefined)
      return { kind: 'running', startedAt: record.running.startedAt };
    if (record.done === true && record.lastTermination !== undefined)
      return { kind: 'terminated', ...record.lastTermination };
    if (this.waiting !== undefined) return { kind: 'waiting', ...this.waiting };
    if (record.lastTermination !== undefined) {
      const seconds = Math.round(record.backoffMs / 1000);
      return {
        kind: 'waiting',
        reason: 'CrashLoopBackOff',
        message: backoffMessage(seconds, this.name, podLabel),
      };
    }
    return { kind: 'waiting', reason: fallback };
  }

  /** The container's status for the pod (`fallback` is the waiting reason before a first start). */
  view(fallback: string, podLabel: string): ContainerView {
    const state = this.#state(fallback, podLabel);
    const running = state.kind === 'running';
    const started = running && this.#started;
    const ready =
      started &&
      (this.#readiness === undefined
        ? this.spec['readinessProbe'] === undefined
        : this.#readiness.healthy);
    const { record } = this;
    const lastTermination =
      state.kind === 'terminated' ? record.previousTermination : record.lastTermination;
    const runIndex = record.running?.runIndex ?? record.runs - 1;
    return {
      name: this.name,
      image: readString(this.spec['image']),
      restartCount: Math.max(0, record.runs - 1),
      state,
      lastTermination,
      ready,
      started,
      containerID:
        runIndex < 0 ? undefined : `podvisor://${this.#options.podUid}-${this.name}-${runIndex}`,
    };
  }
}
