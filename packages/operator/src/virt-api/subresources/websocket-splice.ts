import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { plainSubprotocol, websocketAccept } from './handler-client.ts';
import { badRequestError, type SubresourceError } from './subresource-error.ts';

/** A client's websocket handshake, checked: the accept value and the subprotocol to answer with. */
export interface ClientHandshake {
  readonly accept: string;
  /** `plain.kubevirt.io` when the client offered it; else none (as KubeVirt's upgrader). */
  readonly protocol: string | undefined;
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim();
}

/**
 * Checks that `req` is a websocket upgrade (RFC 6455: `Upgrade: websocket`, version 13, a key),
 * throwing a 400 naming what is wrong, and picks the subprotocol.
 */
export function clientHandshake(req: IncomingMessage): ClientHandshake {
  if (!/\bwebsocket\b/i.test(header(req, 'upgrade'))) {
    throw badRequestError('websocket: the client is not using the websocket protocol');
  }
  if (header(req, 'sec-websocket-version') !== '13') {
    throw badRequestError('websocket: unsupported version: 13 not found in Sec-WebSocket-Version');
  }
  const key = header(req, 'sec-websocket-key');
  if (key === '')
    throw badRequestError(
      "websocket: not a websocket handshake: 'Sec-WebSocket-Key' header is missing",
    );
  const offered = header(req, 'sec-websocket-protocol')
    .split(',')
    .map((p) => p.trim());
  return {
    accept: websocketAccept(key),
    protocol: offered.includes(plainSubprotocol) ? plainSubprotocol : undefined,
  };
}

/** Answers an upgrade that cannot be served with its Status (the connection then closes). */
export function writeSocketFailure(socket: Duplex, error: SubresourceError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.status);
  socket.end(
    [
      `HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? ''}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

/** The two ends of a splice: a socket and the bytes already read past its handshake. */
export interface SpliceEnd {
  readonly socket: Duplex;
  readonly head: Buffer;
}

/**
 * Completes the client's handshake (101 with its accept value and subprotocol) and splices the
 * client's connection to the handler's upgraded one: websocket frames pass through unchanged in
 * both directions (no re-framing: both sides negotiated no extensions), the handler's pings
 * included. Either side closing or failing closes both.
 */
export function spliceWebSocket(
  handshake: ClientHandshake,
  client: SpliceEnd,
  upstream: SpliceEnd,
): void {
  const lines = [
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${handshake.accept}`,
    ...(handshake.protocol === undefined ? [] : [`Sec-WebSocket-Protocol: ${handshake.protocol}`]),
  ];
  if (client.socket instanceof Socket) client.socket.setTimeout(0).setNoDelay(true);
  client.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (upstream.head.length > 0) client.socket.write(upstream.head);
  if (client.head.length > 0) upstream.socket.write(client.head);
  client.socket.pipe(upstream.socket);
  upstream.socket.pipe(client.socket);
  const close = (): void => {
    client.socket.destroy();
    upstream.socket.destroy();
  };
  for (const end of [client.socket, upstream.socket]) {
    end.on('error', close);
    end.on('close', close);
  }
}
