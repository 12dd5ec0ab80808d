import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { SpdySession, type SpdyStream } from './spdy-session.ts';

/** Opens a connection to a port of the pod, or throws when it cannot. */
export type PortConnector = (port: number) => Socket;

interface StreamPair {
  data?: SpdyStream;
  error?: SpdyStream;
}

function parsePort(text: string | undefined): number | undefined {
  const port = Number(text);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

/** Pipes one forwarded connection: the data stream to the pod's port, failures onto the error stream. */
function forwardPair(data: SpdyStream, error: SpdyStream, connect: PortConnector): void {
  const portText = data.headers.get('port');
  const port = parsePort(portText);
  if (port === undefined) {
    error.end(`invalid port "${portText ?? ''}"`);
    data.end();
    return;
  }
  let socket: Socket;
  try {
    socket = connect(port);
  } catch (cause) {
    error.end(
      `error forwarding port ${port}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    data.end();
    return;
  }
  socket.on('error', (cause) => {
    if (!error.writableEnded) error.end(`error forwarding port ${port} to pod: ${cause.message}`);
    data.end();
  });
  socket.on('close', () => {
    if (!error.writableEnded) error.end();
  });
  data.on('error', () => socket.destroy());
  data.on('close', () => socket.destroy());
  socket.pipe(data);
  data.pipe(socket);
}

/**
 * Serves kubectl's SPDY/3.1 port-forward protocol (`portforward.k8s.io`) over an upgraded byte
 * stream: each forwarded connection is a pair of streams with the same `requestid`, one
 * `streamtype: error` and one `streamtype: data` carrying `port`.
 */
export function serveSpdyPortForward(transport: Duplex, connect: PortConnector): SpdySession {
  const pairs = new Map<string, StreamPair>();
  return new SpdySession(transport, (stream) => {
    stream.reply();
    const type = stream.headers.get('streamtype');
    const requestId = stream.headers.get('requestid') ?? stream.headers.get('port') ?? '';
    if (type !== 'data' && type !== 'error') {
      stream.destroy();
      return;
    }
    if (type === 'error') stream.resume();
    const pair = pairs.get(requestId) ?? {};
    pair[type] = stream;
    if (pair.data === undefined || pair.error === undefined) {
      pairs.set(requestId, pair);
      return;
    }
    pairs.delete(requestId);
    forwardPair(pair.data, pair.error, connect);
  });
}
