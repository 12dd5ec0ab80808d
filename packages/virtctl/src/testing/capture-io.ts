import type { VirtctlIo } from '../virtctl-io.ts';

/** A VirtctlIo whose output is collected, for tests. */
export interface CapturedIo extends VirtctlIo {
  stdoutText(): string;
  stdoutBytes(): Buffer;
  stderrText(): string;
}

/** Collects stdout and stderr; `extra` supplies stdin, env, signal. */
export function captureIo(extra: Omit<VirtctlIo, 'stdout' | 'stderr'> = {}): CapturedIo {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (chunks: Buffer[]) => ({
    write: (chunk: string | Uint8Array) => chunks.push(Buffer.from(chunk)),
  });
  return {
    ...extra,
    stdout: sink(out),
    stderr: sink(err),
    stdoutText: () => Buffer.concat(out).toString('utf8'),
    stdoutBytes: () => Buffer.concat(out),
    stderrText: () => Buffer.concat(err).toString('utf8'),
  };
}
