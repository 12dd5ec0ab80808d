import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { WebSocket, type RawData } from 'ws';
import {
  channels,
  frame,
  hasCloseFrames,
  hasResize,
  resultFrame,
  type ChannelProtocol,
  type SessionResult,
} from './channel-protocol.ts';
import type { AttachSession, ExecSession } from '../container-access.ts';

/** Which standard streams the client asked for (`stdin`, `stdout`, `stderr` query flags). */
export interface StreamFlags {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
}

/** An accepted exec or attach websocket. */
export interface ChannelSession {
  readonly ws: WebSocket;
  readonly protocol: ChannelProtocol;
  readonly streams: StreamFlags;
}

/** Where client input goes; a v5 close frame for stdin ends `stdin`. */
interface InputTarget {
  readonly stdin: Writable | undefined;
  readonly resize: ((size: { width: number; height: number }) => void) | undefined;
}

const maxInFlight = 16;

function isOpen(ws: WebSocket): boolean {
  return ws.readyState === WebSocket.OPEN;
}

/** Sends a stream's chunks on a channel, pausing it while too many messages are unsent. */
function forward(source: Readable, ws: WebSocket, channel: number, wanted: boolean): void {
  let inFlight = 0;
  source.on('data', (chunk: Buffer | string) => {
    if (!wanted || !isOpen(ws)) return;
    inFlight += 1;
    ws.send(frame(channel, Buffer.from(chunk)), () => {
      inFlight -= 1;
      if (inFlight < maxInFlight / 2) source.resume();
    });
    if (inFlight >= maxInFlight) source.pause();
  });
  source.on('error', () => undefined);
}

function parseResize(payload: Buffer): { width: number; height: number } | undefined {
  try {
    const size = JSON.parse(payload.toString('utf8')) as { Width?: unknown; Height?: unknown };
    const { Width: width, Height: height } = size;
    return typeof width === 'number' && typeof height === 'number' ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function resize(session: ChannelSession, target: InputTarget, payload: Buffer): void {
  const size = hasResize(session.protocol) ? parseResize(payload) : undefined;
  if (size !== undefined) target.resize?.(size);
}

/** Applies one client message: stdin data, a resize (v3+) or a close-stdin frame (v5). */
function applyInput(session: ChannelSession, target: InputTarget, message: Buffer): void {
  const payload = message.subarray(1);
  const channel = message[0];
  if (channel === channels.stdin && session.streams.stdin && payload.length > 0)
    target.stdin?.write(payload);
  else if (channel === channels.resize) resize(session, target, payload);
  else if (channel === channels.close && hasCloseFrames(session.protocol)) {
    if (payload[0] === channels.stdin) target.stdin?.end();
  }
}

/** Routes binary client messages to {@link applyInput}. */
function acceptInput(session: ChannelSession, target: InputTarget): void {
  session.ws.on('message', (data, isBinary) => {
    const message = toBuffer(data);
    if (isBinary && message.length > 0) applyInput(session, target, message);
  });
}

/** Sends the session's result on channel 3 (as the protocol version words it) and closes. */
export function finishSession(session: ChannelSession, result: SessionResult): void {
  const { ws } = session;
  if (!isOpen(ws)) return;
  const message = resultFrame(session.protocol, result);
  if (message !== undefined) ws.send(message);
  ws.close(1000);
}

async function ended(stream: Readable): Promise<void> {
  await finished(stream).catch(() => undefined);
}

/**
 * Runs an exec session: the process's stdout and stderr go to channels 1 and 2, client stdin to
 * the process; when the process has exited and its output is drained, channel 3 reports success
 * or the exit code. A client that goes away kills the process.
 */
export function serveExec(session: ChannelSession, proc: ExecSession): void {
  const { ws, streams } = session;
  let done = false;
  proc.stdin.on('error', () => undefined);
  if (!streams.stdin) proc.stdin.end();
  forward(proc.stdout, ws, channels.stdout, streams.stdout);
  forward(proc.stderr, ws, channels.stderr, streams.stderr);
  acceptInput(session, {
    stdin: proc.stdin,
    resize: proc.resize,
  });
  ws.on('close', () => {
    if (done) return;
    proc.stdin.end();
    proc.kill();
  });
  Promise.all([proc.exit, ended(proc.stdout), ended(proc.stderr)]).then(
    ([code]) => {
      done = true;
      finishSession(session, code === 0 ? { type: 'success' } : { type: 'exit', code });
    },
    (error: unknown) => {
      done = true;
      finishSession(session, { type: 'error', message: errorMessage(error) });
    },
  );
}

/**
 * Runs an attach session: the container's stdout and stderr from now on go to channels 1 and 2,
 * client stdin (when asked for) to the container's stdin, until the client closes it (which
 * closes the container's stdin when it has `stdinOnce`); ends with success when the container
 * exits. A client that goes away detaches; the container keeps running.
 */
export function serveAttach(session: ChannelSession, attached: AttachSession): void {
  const { ws, streams } = session;
  const unsubscribe = attached.onOutput((stream, chunk) => {
    const wanted = stream === 'stdout' ? streams.stdout : streams.stderr;
    if (wanted && isOpen(ws))
      ws.send(frame(stream === 'stdout' ? channels.stdout : channels.stderr, chunk));
  });
  acceptInput(session, { stdin: attached.stdin, resize: undefined });
  ws.on('close', () => {
    unsubscribe();
    attached.detach();
  });
  attached.exit.then(
    () => {
      finishSession(session, { type: 'success' });
    },
    (error: unknown) => {
      finishSession(session, { type: 'error', message: errorMessage(error) });
    },
  );
}

/** An error's message, for a Status. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
