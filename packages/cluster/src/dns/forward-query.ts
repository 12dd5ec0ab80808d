import { createSocket } from 'node:dgram';
import { connect, isIP, isIPv6 } from 'node:net';

/** An upstream resolver. */
export interface Upstream {
  readonly host: string;
  readonly port: number;
}

/** Parses `ip`, `ip:port` or `[ipv6]:port` (port 53 by default); throws naming `field`. */
export function parseUpstream(text: string, field: string): Upstream {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:]+)(?::(\d+))?$/.exec(text);
  const [, host = text, port = '53'] = bracketed ?? plain ?? [];
  const number = Number(port);
  if (isIP(host) === 0 || !Number.isInteger(number) || number < 1 || number > 65535)
    throw new Error(
      `${field}: '${text}' is not an IP address with an optional port (ip, ip:port, [ipv6]:port)`,
    );
  return { host, port: number };
}

function idOf(bytes: Uint8Array): number {
  return ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
}

function isAnswerTo(query: Uint8Array, response: Uint8Array): boolean {
  return (
    response.length >= 12 && idOf(response) === idOf(query) && ((response[2] ?? 0) & 0x80) !== 0
  );
}

function overUdp(
  query: Uint8Array,
  upstream: Upstream,
  timeoutMs: number,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(upstream.host) ? 'udp6' : 'udp4');
    let done = false;
    const finish = (answer: Uint8Array | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => {
      finish(undefined);
    }, timeoutMs);
    socket.on('error', () => {
      finish(undefined);
    });
    socket.on('message', (message, remote) => {
      if (
        remote.address === upstream.host &&
        remote.port === upstream.port &&
        isAnswerTo(query, message)
      )
        finish(new Uint8Array(message));
    });
    socket.send(query, upstream.port, upstream.host);
  });
}

function overTcp(
  query: Uint8Array,
  upstream: Upstream,
  timeoutMs: number,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: upstream.host, port: upstream.port });
    let received = Buffer.alloc(0);
    const finish = (answer: Uint8Array | undefined): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => {
      finish(undefined);
    });
    socket.on('error', () => {
      finish(undefined);
    });
    socket.on('close', () => {
      finish(undefined);
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (received.length < 2 + length) return;
      const message = new Uint8Array(received.subarray(2, 2 + length));
      finish(isAnswerTo(query, message) ? message : undefined);
    });
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.length);
    socket.write(Buffer.concat([prefix, query]));
  });
}

/** Options of {@link forwardQuery}. */
export interface ForwardOptions {
  readonly upstreams: readonly Upstream[];
  /** The client's transport, used upstream too (a TCP client gets the whole answer). */
  readonly transport: 'udp' | 'tcp';
  /** How long each upstream gets. */
  readonly timeoutMs: number;
}

/**
 * Sends a query, unchanged, to each upstream in turn until one answers it (same ID, QR set);
 * resolves with that answer's bytes, or undefined when none did. Never rejects.
 */
export async function forwardQuery(
  query: Uint8Array,
  options: ForwardOptions,
): Promise<Uint8Array | undefined> {
  for (const upstream of options.upstreams) {
    const answer =
      options.transport === 'udp'
        ? await overUdp(query, upstream, options.timeoutMs)
        : await overTcp(query, upstream, options.timeoutMs);
    if (answer !== undefined) return answer;
  }
  return undefined;
}
