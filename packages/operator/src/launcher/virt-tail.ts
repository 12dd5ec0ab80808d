import type { Stats } from 'node:fs';
import { lstat, open, stat, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link virtTail}. */
export interface VirtTailOptions {
  /** The file to follow (the guest's serial log); it may not exist yet. */
  readonly logFile: string;
  /** The launcher's command socket: once it has existed and is gone, the tail ends. */
  readonly launcherSocket: string;
  readonly output: Writable;
  /** Aborted (SIGTERM, SIGINT): the tail drains the file and ends. */
  readonly signal: AbortSignal;
  /** How often the file and the socket are looked at; default 100 ms. */
  readonly pollMs?: number;
}

/** Why {@link virtTail} ended. */
export type VirtTailEnd = 'launcher-gone' | 'stopped';

/** What the follower knows of the file it reads: its identity and how far it has read. */
export interface FollowedFile {
  readonly dev: number;
  readonly ino: number;
  readonly position: number;
}

/** What to do with the followed file after looking at the path again. */
export type FollowStep =
  /** Keep reading from `position`. */
  | { readonly kind: 'read' }
  /** The file shrank (truncated in place): read again from its start. */
  | { readonly kind: 'rewind' }
  /** Another file has the name now (rotated, or deleted and recreated): drain the old, open the new. */
  | { readonly kind: 'reopen' };

/**
 * The step after comparing the followed file with what the path names now (`current`,
 * `undefined` when the path is gone: the old file is still read to its end).
 */
export function followStep(followed: FollowedFile, current: Stats | undefined): FollowStep {
  if (current === undefined) return { kind: 'read' };
  if (current.dev !== followed.dev || current.ino !== followed.ino) return { kind: 'reopen' };
  return current.size < followed.position ? { kind: 'rewind' } : { kind: 'read' };
}

/** Whether the socket is gone after having existed: `seen` is updated with `exists`. */
export function socketGone(seen: boolean, exists: boolean): { seen: boolean; gone: boolean } {
  return { seen: seen || exists, gone: seen && !exists };
}

async function statOrUndefined(
  look: (path: string) => Promise<Stats>,
  path: string,
): Promise<Stats | undefined> {
  try {
    return await look(path);
  } catch {
    return undefined;
  }
}

function write(output: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    output.write(chunk, (error) => {
      if (error === null || error === undefined) resolve();
      else reject(error);
    });
  });
}

/** An open file being followed. */
interface Open {
  readonly handle: FileHandle;
  readonly dev: number;
  readonly ino: number;
  position: number;
}

const chunkSize = 64 * 1024;

/** Copies `file` from its position to its current end into `output`. */
async function drain(file: Open, output: Writable): Promise<void> {
  for (;;) {
    const buffer = Buffer.allocUnsafe(chunkSize);
    const { bytesRead } = await file.handle.read(buffer, 0, chunkSize, file.position);
    if (bytesRead === 0) return;
    file.position += bytesRead;
    await write(output, buffer.subarray(0, bytesRead));
  }
}

async function openFollowed(path: string): Promise<Open | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  const stats = await handle.stat();
  return { handle, dev: stats.dev, ino: stats.ino, position: 0 };
}

/** One look at the path: reopen, rewind or keep the file, then copy what is new. */
async function follow(file: Open | undefined, options: VirtTailOptions): Promise<Open | undefined> {
  if (file === undefined) {
    const opened = await openFollowed(options.logFile);
    if (opened !== undefined) await drain(opened, options.output);
    return opened;
  }
  const step = followStep(file, await statOrUndefined(stat, options.logFile));
  if (step.kind === 'reopen') {
    await drain(file, options.output);
    await file.handle.close();
    return follow(undefined, options);
  }
  if (step.kind === 'rewind') file.position = 0;
  await drain(file, options.output);
  return file;
}

/**
 * Follows the guest's serial log to `output`, as the launcher pod's `guest-console-log`
 * container (`kubectl logs … -c guest-console-log`): waits for the file to appear, survives
 * truncation and rotation, and ends, after copying what the file still holds, once the
 * launcher's socket has existed and disappeared (`launcher-gone`) or when `signal` is aborted
 * (`stopped`).
 */
export async function virtTail(options: VirtTailOptions): Promise<VirtTailEnd> {
  const pollMs = options.pollMs ?? 100;
  let file: Open | undefined;
  let seen = false;
  try {
    for (;;) {
      const socket = socketGone(
        seen,
        (await statOrUndefined(lstat, options.launcherSocket)) !== undefined,
      );
      seen = socket.seen;
      file = await follow(file, options);
      if (socket.gone) return 'launcher-gone';
      if (options.signal.aborted) return 'stopped';
      await sleep(pollMs, undefined, { signal: options.signal }).catch(() => undefined);
    }
  } finally {
    await file?.handle.close();
  }
}
