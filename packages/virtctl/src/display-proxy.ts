import { createServer, type AddressInfo, type Socket } from 'node:net';
import type WebSocket from 'ws';
import { pingIntervalMs } from './console-session.ts';

/** A local TCP listener that carries each connection over its own display websocket. */
export interface DisplayProxy {
  readonly address: string;
  readonly port: number;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

/** How to reach the display, and where to listen. */
export interface DisplayProxyOptions {
  /** Opens a new display websocket (`plain.kubevirt.io`) for a connection. */
  readonly open: () => Promise<WebSocket>;
  /** An already-open websocket for the first connection (the pre-flight check's). */
  readonly first?: WebSocket;
  readonly address: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Told when a connection's websocket cannot be opened (the connection is then closed). */
  readonly onError: (error: unknown) => void;
}

/** Messages that arrive before a connection takes the websocket over. */
function holdMessages(socket: WebSocket): () => Buffer[] {
  const held: Buffer[] = [];
  const hold = (data: Buffer): void => {
    held.push(data);
  };
  socket.on('message', hold);
  return () => {
    socket.removeListener('message', hold);
    return held;
  };
}

/** Copies bytes both ways between a TCP connection and a websocket until either side ends. */
function splice(connection: Socket, socket: WebSocket, held: readonly Buffer[]): void {
  for (const data of held) connection.write(data);
  const pinger = setInterval(() => {
    socket.ping();
  }, pingIntervalMs);
  socket.on('message', (data: Buffer) => {
    connection.write(data);
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    clearInterval(pinger);
    connection.end();
  });
  connection.on('data', (data) => {
    if (socket.readyState === socket.OPEN) socket.send(data, { binary: true });
  });
  connection.on('error', () => undefined);
  connection.on('close', () => {
    clearInterval(pinger);
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
      socket.close(1000);
    }
  });
}

/**
 * Listens on `address:port`; every accepted connection gets its own display websocket (the
 * first one reuses `first`, keeping what the display already sent), and bytes are copied as
 * they are, so any VNC or SPICE client can connect.
 */
export async function startDisplayProxy(options: DisplayProxyOptions): Promise<DisplayProxy> {
  let spare = options.first;
  const releaseFirst = spare === undefined ? undefined : holdMessages(spare);
  const connections = new Set<Socket>();
  const sockets = new Set<WebSocket>();

  const takeSocket = async (): Promise<{ socket: WebSocket; held: Buffer[] }> => {
    if (spare !== undefined && spare.readyState === spare.OPEN && releaseFirst !== undefined) {
      const socket = spare;
      spare = undefined;
      return { socket, held: releaseFirst() };
    }
    return { socket: await options.open(), held: [] };
  };

  const server = createServer((connection) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    connection.pause();
    takeSocket().then(
      ({ socket, held }) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        if (connection.destroyed) {
          socket.close(1000);
          return;
        }
        splice(connection, socket, held);
        connection.resume();
      },
      (error: unknown) => {
        options.onError(error);
        connection.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: options.address,
    port,
    close: () =>
      new Promise((resolve) => {
        spare?.close(1000);
        for (const socket of sockets) socket.close(1000);
        for (const connection of connections) connection.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
