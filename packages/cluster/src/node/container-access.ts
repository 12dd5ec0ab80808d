import type { Readable, Writable } from 'node:stream';

/** Why a container cannot be reached: the streaming server maps these to HTTP answers. */
export type ContainerAccessReason =
  /** No such pod on this node, or no such container in it (404). */
  | 'NotFound'
  /** The container exists but has no running process (400, "container not running"). */
  | 'NotRunning'
  /** The operation is not possible for this container (400), e.g. attach stdin without `stdin: true`. */
  | 'BadRequest';

/** A refusal of {@link ContainerAccess}, with a message in Kubernetes' wording. */
export class ContainerAccessError extends Error {
  readonly reason: ContainerAccessReason;

  constructor(reason: ContainerAccessReason, message: string) {
    super(message);
    this.name = 'ContainerAccessError';
    this.reason = reason;
  }
}

/** A command running in a container (`kubectl exec`). */
export interface ExecSession {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** The command's exit code (128 + signal number when a signal ended it). */
  readonly exit: Promise<number>;
  /** Changes the terminal size; present only for a TTY session (none today: no pty support). */
  readonly resize?: (size: { width: number; height: number }) => void;
  /** Kills the command's process group (the client went away). */
  kill(): void;
}

/** Output of a running container, as its process writes it. */
export type OutputListener = (stream: 'stdout' | 'stderr', chunk: Buffer) => void;

/** A connection to a running container's main process (`kubectl attach`). */
export interface AttachSession {
  /**
   * This session's writer on the container's stdin, when asked for and the container has
   * `stdin: true` with its stdin still open. Ending it ends only this session's input, except
   * with `stdinOnce`, where it closes the container's stdin (the process reads end-of-file).
   */
  readonly stdin: Writable | undefined;
  /** Subscribes to the output written from now on; returns the unsubscribe function. */
  onOutput(listener: OutputListener): () => void;
  /** Resolves with the exit code when this run of the container ends. */
  readonly exit: Promise<number>;
  /** Ends the session (closes this session's stdin handle and drops listeners); the container keeps running. */
  detach(): void;
}

/**
 * What the node's streaming server (logs, exec, attach, port-forward) may do with the
 * containers of this node. Implemented by the node agent.
 */
export interface ContainerAccess {
  /**
   * The CRI-format log file (`<RFC3339Nano> stdout|stderr F <line>`) of the container's current
   * run, or of the run before it when `previous`; `undefined` when there is none (yet).
   */
  logFile(podUid: string, container: string, previous: boolean): string | undefined;
  /** Whether a container of a pod currently has a running process. */
  isRunning(podUid: string, container: string): boolean;
  /**
   * Runs a command in the container: its env, working directory and runtime (busybox commands
   * through `/bin/busybox`). Rejects with a {@link ContainerAccessError}.
   */
  execIn(
    podUid: string,
    container: string,
    command: readonly string[],
    options: { tty: boolean },
  ): Promise<ExecSession>;
  /**
   * Attaches to the container's running process; `stdin` (default true) asks for its stdin.
   * Rejects with a {@link ContainerAccessError}.
   */
  attach(podUid: string, container: string, options?: { stdin: boolean }): Promise<AttachSession>;
}
