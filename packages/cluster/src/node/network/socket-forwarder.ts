import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A running forwarder. */
export interface Forwarder {
  /** Stops listening and destroys every open connection; resolves once the listener is closed. */
  close(): Promise<void>;
  /** The connections open right now. */
  readonly connections: () => number;
}

/** A forwarder that listens on TCP. */
export interface TcpForwarder extends Forwarder {
  /** The address it listens on; `port` is the real one when 0 was asked for. */
  readonly address: { readonly host: string; readonly port: number };
}

/** A forwarder that listens on a unix socket. */
export interface UnixForwarder extends Forwarder {
  readonly path: string;
}

/** Where a TCP forwarder listens and which unix socket it reaches. */
export interface TcpToUnixOptions {
  readonly listen: { readonly host: string; readonly port: number };
  readonly socketPath: string;
}

/** Where a unix forwarder listens and which TCP address it reaches. */
export interface UnixToTcpOptions {
  /** The socket file; a stale one (nothing answers on it) is replaced. `mode` defaults to 0600. */
  readonly listen: { readonly path: string; readonly mode?: number };
  readonly target: { readonly host: string; readonly port: number };
}

/**
 * Joins two sockets both ways. Half-close passes through: when one side ends its output the other
 * side's output is ended too (allowHalfOpen on both), and the reverse direction keeps flowing. An
 * error or a close on either side destroys the other.
 */
function splice(client: Socket, upstream: Socket): void {
  client.pipe(upstream);
  upstream.pipe(client);
  const destroyBoth = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', destroyBoth);
  upstream.on('error', destroyBoth);
  client.on('close', destroyBoth);
  upstream.on('close', destroyBoth);
}

function checkPort(field: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new RangeError(`${field} must be a port number 0–65535, got ${String(port)}`);
}

/** A client connection and its upstream. */
type Pair = readonly [Socket, Socket];

function serve(connectUpstream: () => Socket): { server: Server; open: Set<Pair> } {
  const open = new Set<Pair>();
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const pair = [client, connectUpstream()] as const;
    open.add(pair);
    client.once('close', () => open.delete(pair));
    splice(...pair);
  });
  return { server, open };
}

function listening(server: Server, listen: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(error);
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve();
    });
    listen();
  });
}

function closer(server: Server, open: Set<Pair>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.close(() => {
        resolve();
      });
      for (const [client, upstream] of open) {
        client.destroy();
        upstream.destroy();
      }
      open.clear();
    });
}

/**
 * Listens on TCP (`listen.host:listen.port`) and splices every connection to the unix socket
 * `socketPath`: how the host's 127.0.0.1:PORT reaches the API server inside the cluster netns
 * (socket files are shared across network namespaces). Bytes pass untouched, so TLS stays end
 * to end. A connection whose socket cannot be reached is closed.
 */
export async function forwardTcpToUnix(options: TcpToUnixOptions): Promise<TcpForwarder> {
  const { listen, socketPath } = options;
  checkPort('listen.port', listen.port);
  if (socketPath === '') throw new Error('socketPath must not be empty');
  const { server, open } = serve(() => connect({ path: socketPath, allowHalfOpen: true }));
  await listening(server, () => server.listen(listen.port, listen.host));
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : listen.port;
  return {
    address: { host: listen.host, port },
    connections: () => open.size,
    close: closer(server, open),
  };
}

/** Whether something accepts connections on the unix socket `path`. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => {
      resolve(false);
    });
  });
}

/** Removes a socket file nothing answers on; throws if something does, or if it is no socket. */
async function clearStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return;
  }
  if (!isSocket) throw new Error(`listen.path ${path} exists and is not a socket`);
  if (await answers(path)) throw new Error(`listen.path ${path} is served by another process`);
  unlinkSync(path);
}

/**
 * Listens on the unix socket `listen.path` and splices every connection to TCP
 * `target.host:target.port`: run inside the cluster netns, it turns the API server's address
 * there into a socket file the host's {@link forwardTcpToUnix} reaches.
 */
export async function forwardUnixToTcp(options: UnixToTcpOptions): Promise<UnixForwarder> {
  const { listen, target } = options;
  checkPort('target.port', target.port);
  if (listen.path === '') throw new Error('listen.path must not be empty');
  await clearStaleSocket(listen.path);
  const { server, open } = serve(() =>
    connect({ host: target.host, port: target.port, allowHalfOpen: true }),
  );
  await listening(server, () => server.listen(listen.path));
  chmodSync(listen.path, listen.mode ?? 0o600);
  return { path: listen.path, connections: () => open.size, close: closer(server, open) };
}
