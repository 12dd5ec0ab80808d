import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';

/**
 * A container's stdin (`stdin: true`): a FIFO that the container's process reads, held open for
 * writing by a keeper process in the container's process group, so that attach sessions may come
 * and go without the process seeing end-of-file. Closing the stdin (`stdinOnce`) kills the keeper:
 * once the attach sessions' writers are closed too, the process reads end-of-file. The keeper is
 * part of the container, so a restarted node agent finds it again through its pid file.
 */
export interface ContainerStdin {
  /** The FIFO the process reads. */
  readonly fifo: string;
  /** Where the wrapper writes the keeper's pid. */
  readonly keeperFile: string;
}

/** The process group of a live process, or undefined when it is gone. */
function processGroupOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return Number(fields[2]);
  } catch {
    return undefined;
  }
}

/** The pid the wrapper recorded for the keeper, once it has. */
function recordedPid(stdin: ContainerStdin): number | undefined {
  try {
    const text = readFileSync(stdin.keeperFile, 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

function keeperPid(stdin: ContainerStdin, group: number): number | undefined {
  const pid = recordedPid(stdin);
  return pid !== undefined && processGroupOf(pid) === group ? pid : undefined;
}

/** Whether the container's stdin is still open: its keeper runs in the container's process group. */
export function isStdinOpen(stdin: ContainerStdin, group: number): boolean {
  return keeperPid(stdin, group) !== undefined;
}

/**
 * Closes the container's stdin for good (this run): kills the keeper. The wrapper records the
 * keeper's pid moments after the start, so a close that comes first waits for it, for as long as
 * the container runs (a busy machine may take seconds to schedule the wrapper).
 */
export async function closeContainerStdin(stdin: ContainerStdin, group: number): Promise<void> {
  for (;;) {
    const pid = recordedPid(stdin);
    if (pid !== undefined) {
      if (processGroupOf(pid) === group) signal(pid);
      return;
    }
    if (processGroupOf(group) === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone meanwhile.
  }
}

/**
 * Opens a writer on the container's stdin for one attach session (non-blocking, event-driven, so
 * a process that stops reading cannot block the node agent). Undefined when nothing reads the
 * FIFO any more.
 */
export function openStdinWriter(stdin: ContainerStdin): Writable | undefined {
  let fd: number;
  try {
    fd = openSync(stdin.fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const socket = new Socket({ fd, readable: false, writable: true });
    socket.on('error', () => undefined);
    return socket;
  } catch {
    closeSync(fd);
    return undefined;
  }
}
