import type WebSocket from 'ws';
import type { InputStream, OutputStream } from './virtctl-io.ts';

/** `Ctrl+]`: leaves the console, as in virtctl and telnet. */
export const escapeByte = 0x1d;

/** How often a session pings the server, so idle sessions survive proxies' idle timeouts. */
export const pingIntervalMs = 30_000;

/** Why a console session ended. */
export type ConsoleOutcome =
  | { readonly kind: 'escape' }
  | { readonly kind: 'input-ended' }
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string };

/** A console session's ends. */
export interface ConsoleSessionOptions {
  readonly socket: WebSocket;
  /** Absent: no input, as if it ended at once. */
  readonly stdin: InputStream | undefined;
  readonly stdout: OutputStream;
  /** After the input ends (a pipe), how long output may pause before the session ends. */
  readonly quietPeriodMs: number;
  readonly signal?: AbortSignal | undefined;
}

function asBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(String(data));
}

/** Raw terminal mode while the session runs, when stdin is a terminal; returns the undo. */
function enterRawMode(stdin: InputStream | undefined): () => void {
  if (stdin?.isTTY !== true || stdin.setRawMode === undefined) return () => undefined;
  stdin.setRawMode(true);
  return () => {
    stdin.setRawMode?.(false);
  };
}

/**
 * Connects a serial console websocket to stdin and stdout: output is written as it comes;
 * input is sent as binary messages, in raw mode when stdin is a terminal, up to a `Ctrl+]`,
 * which ends the session. When the input ends (a pipe), the session keeps printing until the
 * output has been quiet for `quietPeriodMs`. Resolves with why it ended; the websocket is
 * closed (1000) and stdin released when it does.
 */
export function runConsoleSession(options: ConsoleSessionOptions): Promise<ConsoleOutcome> {
  const { socket, stdin, stdout, quietPeriodMs, signal } = options;
  return new Promise((resolve) => {
    let quietTimer: NodeJS.Timeout | undefined;
    let inputEnded = false;
    const leaveRawMode = enterRawMode(stdin);
    const pinger = setInterval(() => {
      socket.ping();
    }, pingIntervalMs);

    const finish = (outcome: ConsoleOutcome): void => {
      clearInterval(pinger);
      clearTimeout(quietTimer);
      stdin?.removeListener('data', onInput);
      stdin?.removeListener('end', onInputEnd);
      stdin?.pause();
      leaveRawMode();
      socket.removeListener('message', onOutput);
      socket.removeListener('close', onClose);
      signal?.removeEventListener('abort', onAbort);
      socket.on('error', () => undefined);
      if (socket.readyState === socket.OPEN) socket.close(1000);
      resolve(outcome);
    };
    const restartQuietTimer = (): void => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => {
        finish({ kind: 'input-ended' });
      }, quietPeriodMs);
    };
    const onOutput = (data: unknown): void => {
      stdout.write(asBuffer(data));
      if (inputEnded) restartQuietTimer();
    };
    const onInput = (chunk: unknown): void => {
      const bytes = asBuffer(chunk);
      const escape = bytes.indexOf(escapeByte);
      const toSend = escape === -1 ? bytes : bytes.subarray(0, escape);
      if (toSend.length > 0) socket.send(toSend, { binary: true });
      if (escape !== -1) finish({ kind: 'escape' });
    };
    const onInputEnd = (): void => {
      inputEnded = true;
      restartQuietTimer();
    };
    const onClose = (code: number, reason: Buffer): void => {
      finish({ kind: 'closed', code, reason: reason.toString('utf8') });
    };
    const onAbort = (): void => {
      finish({ kind: 'interrupted' });
    };

    socket.on('message', onOutput);
    socket.on('close', onClose);
    socket.on('error', () => undefined);
    if (signal?.aborted === true) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort);
    if (stdin === undefined) {
      onInputEnd();
      return;
    }
    stdin.on('data', onInput);
    stdin.on('end', onInputEnd);
    stdin.resume();
  });
}
