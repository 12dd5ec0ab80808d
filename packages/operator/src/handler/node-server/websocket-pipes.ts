import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import type { ConsoleViewer } from './serial-console-hub.ts';

/** Close codes the node endpoint uses, with their meaning. */
export const closeCodes = {
  /** The viewer or the guest side ended normally. */
  normal: 1000,
  /** virt-handler is stopping. */
  goingAway: 1001,
  /** The viewer does not read fast enough. */
  tooSlow: 1008,
  /** The stream's socket went away (the VM stopped, its launcher went away) or failed. */
  streamEnded: 1011,
} as const;

/** A websocket close reason is at most 123 bytes of UTF-8: longer text is cut. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= 123) return text;
  // Cut on a character boundary: drop a partial sequence at the end.
  return (
    bytes
      .subarray(0, 120)
      .toString('utf8')
      .replace(/\uFFFD+$/, '') + '...'
  );
}

/** The bytes of a websocket message. */
export function messageBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * Pings `ws` every `intervalMs`, so proxies and load balancers see traffic on idle sessions; a
 * peer that has not answered the previous ping by the next one is cut off (`terminate`).
 * Returns the function that stops it (also stopped when the websocket closes).
 */
export function keepAlive(ws: WebSocket, intervalMs: number): () => void {
  let answered = true;
  ws.on('pong', () => {
    answered = true;
  });
  const timer = setInterval(() => {
    if (!answered) {
      ws.terminate();
      return;
    }
    answered = false;
    ws.ping();
  }, intervalMs);
  timer.unref();
  const stop = (): void => {
    clearInterval(timer);
  };
  ws.once('close', stop);
  return stop;
}

/** Closes `ws` with `code` and a reason cut to the websocket limit, if it is still open. */
export function closeWith(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
    ws.close(code, closeReason(reason));
  }
}

/**
 * A {@link ConsoleViewer} on a websocket: output as binary messages; a viewer with more than
 * `maxBufferedBytes` unsent is closed (1008) instead of slowing the guest and the other viewers.
 */
export function websocketViewer(ws: WebSocket, maxBufferedBytes: number): ConsoleViewer {
  return {
    send(chunk) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > maxBufferedBytes) {
        closeWith(ws, closeCodes.tooSlow, 'the viewer did not keep up with the console output');
        return;
      }
      ws.send(chunk, { binary: true });
    },
    end(reason) {
      closeWith(ws, closeCodes.streamEnded, reason);
    },
  };
}

/** Options of {@link pipeSocket}. */
export interface PipeSocketOptions {
  /** What the socket is, for the close reason: `the VNC display`. */
  readonly what: string;
  /** Why the socket may have closed; the VM stopping or its launcher going away by default. */
  readonly closedBecause?: string;
  /** Unsent websocket bytes above which the socket is paused; 1 MiB by default. */
  readonly highWaterBytes?: number;
}

/**
 * Copies bytes both ways between `ws` and `socket`, as they come (each chunk one binary
 * message; messages concatenated into the socket), with backpressure both ways. When the
 * socket ends, the websocket closes (1011) with a reason naming `what`; when the websocket
 * closes, the socket is destroyed.
 */
export function pipeSocket(ws: WebSocket, socket: Duplex, options: PipeSocketOptions): void {
  const highWater = options.highWaterBytes ?? 1024 * 1024;
  socket.on('data', (chunk: Buffer) => {
    ws.send(chunk, { binary: true }, () => {
      if (socket.isPaused() && ws.bufferedAmount < highWater / 2) socket.resume();
    });
    if (ws.bufferedAmount >= highWater) socket.pause();
  });
  ws.on('message', (data) => {
    if (!socket.write(messageBytes(data))) ws.pause();
  });
  socket.on('drain', () => {
    ws.resume();
  });
  socket.on('error', (error) => {
    closeWith(ws, closeCodes.streamEnded, `${options.what} failed: ${error.message}`);
  });
  socket.on('close', () => {
    closeWith(
      ws,
      closeCodes.streamEnded,
      `${options.what} closed: ${options.closedBecause ?? 'the VM stopped or its launcher went away'}`,
    );
  });
  ws.on('close', () => {
    socket.destroy();
  });
}
