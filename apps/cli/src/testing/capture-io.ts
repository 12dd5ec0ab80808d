import type { CommandIo } from '../command.ts';

/** A command's output, captured: what it wrote to stdout and stderr, with an empty environment. */
export interface CapturedIo {
  readonly io: CommandIo;
  readonly out: () => string;
  readonly err: () => string;
}

/** A {@link CommandIo} for tests that keeps what a command writes. */
export function captureIo(): CapturedIo {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
      env: {},
    },
    out: () => out,
    err: () => err,
  };
}
