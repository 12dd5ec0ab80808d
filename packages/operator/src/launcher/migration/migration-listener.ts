import { timingSafeEqual } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@podvisor/kube/process';
import {
  type MigrationChannel,
  type MigrationHeader,
  parseMigrationHeader,
  readFirstLine,
  splice,
} from './migration-header.ts';

/** Options of {@link startMigrationListener}. */
export interface MigrationListenerOptions {
  /** The address to bind: the pod's IP. */
  readonly host: string;
  /** Default 0: an ephemeral port. */
  readonly port?: number;
  /** The migration's uid: a connection that presents another is refused. */
  readonly token: string;
  /** The unix socket each channel is spliced to (a channel without one is refused). */
  readonly routes: Partial<Record<Exclude<MigrationChannel, 'info'>, string>>;
  /** What the `info` channel answers (one JSON line). */
  readonly info: Readonly<Record<string, string>>;
  readonly logger: Logger;
  /** The listener closes itself after this long without any connection; default 5 min. */
  readonly idleTimeoutMs?: number;
  /** How long a connection may take to send its header; default 10 s. */
  readonly headerTimeoutMs?: number;
}

/** A running migration listener. */
export interface MigrationListener {
  /** `host:port`, as the source launcher dials it. */
  readonly address: string;
  readonly port: number;
  /** Connections refused so far (a wrong token, a malformed header…). */
  readonly refused: () => number;
  /** Resolves once the listener is closed (by `close`, or idle). */
  readonly closed: Promise<void>;
  /** Stops accepting; `destroyConnections` also cuts the spliced connections. */
  close(options?: { destroyConnections?: boolean }): Promise<void>;
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${String(port)}` : `${host}:${String(port)}`;
}

/** The connection's header if it is acceptable, else the reason to refuse it. */
function check(
  line: string,
  options: MigrationListenerOptions,
): { header: MigrationHeader } | { refusal: string } {
  let header: MigrationHeader;
  try {
    header = parseMigrationHeader(line);
  } catch (error) {
    return { refusal: error instanceof Error ? error.message : 'bad header' };
  }
  if (!sameToken(header.token, options.token)) return { refusal: 'unknown migration' };
  if (header.channel !== 'info' && options.routes[header.channel] === undefined) {
    return { refusal: `no ${header.channel} channel in this migration` };
  }
  return { header };
}

/** Connects to a local unix socket; rejects with the cause. */
function dialLocal(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

class Listener {
  readonly #options: MigrationListenerOptions;
  readonly #sockets = new Set<Socket>();
  readonly server: Server;
  #refused = 0;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(options: MigrationListenerOptions) {
    this.#options = options;
    this.server = createServer((socket) => {
      void this.#accept(socket);
    });
    this.server.once('close', () => {
      clearTimeout(this.#idleTimer);
    });
  }

  get refused(): number {
    return this.#refused;
  }

  /** (Re)arms the idle timer while no connection is open. */
  armIdle(): void {
    clearTimeout(this.#idleTimer);
    if (this.#sockets.size > 0 || !this.server.listening) return;
    this.#idleTimer = setTimeout(() => {
      this.#options.logger.warn('migration listener idle: closing it');
      this.server.close();
    }, this.#options.idleTimeoutMs ?? 300_000);
  }

  destroyAll(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    clearTimeout(this.#idleTimer);
    socket.once('close', () => {
      this.#sockets.delete(socket);
      this.armIdle();
    });
  }

  #refuse(socket: Socket, reason: string): void {
    this.#refused += 1;
    this.#options.logger.warn(
      { remote: socket.remoteAddress, reason },
      'migration connection refused',
    );
    socket.end(`ERR ${reason}\n`);
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  async #accept(socket: Socket): Promise<void> {
    this.#track(socket);
    socket.on('error', () => undefined);
    let first;
    try {
      first = await readFirstLine(socket, this.#options.headerTimeoutMs ?? 10_000);
    } catch (error) {
      this.#refuse(socket, error instanceof Error ? error.message : 'no header');
      return;
    }
    const checked = check(first.line, this.#options);
    if ('refusal' in checked) {
      this.#refuse(socket, checked.refusal);
      return;
    }
    const { channel } = checked.header;
    if (channel === 'info') {
      socket.end(`OK\n${JSON.stringify(this.#options.info)}\n`);
      return;
    }
    await this.#forward(socket, channel, first.rest);
  }

  async #forward(
    socket: Socket,
    channel: Exclude<MigrationChannel, 'info'>,
    rest: Buffer,
  ): Promise<void> {
    const path = this.#options.routes[channel] ?? '';
    let local: Socket;
    try {
      local = await dialLocal(path);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      this.#refuse(socket, `the target's ${channel} socket does not answer: ${cause}`);
      return;
    }
    this.#track(local);
    socket.write('OK\n');
    splice(socket, local, rest);
  }
}

/**
 * The target launcher's migration listener (a TCP server on the pod IP): each connection must
 * first send `PODVISOR-MIGRATION/1 <channel> <migration uid>\n`; with the right uid it gets
 * `OK\n` and is spliced to the channel's local unix socket (libvirtd, QEMU's incoming memory or
 * NBD socket), or answered with the `info` JSON; anything else gets `ERR <reason>\n` and is
 * closed. libvirtd and QEMU never listen on the network themselves.
 */
export async function startMigrationListener(
  options: MigrationListenerOptions,
): Promise<MigrationListener> {
  const listener = new Listener(options);
  const { server } = listener;
  const closed = new Promise<void>((resolve) => server.once('close', resolve));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : 0;
  listener.armIdle();
  return {
    address: hostPort(options.host, port),
    port,
    refused: () => listener.refused,
    closed,
    async close(closeOptions = {}) {
      if (server.listening) server.close();
      if (closeOptions.destroyConnections === true) listener.destroyAll();
      await closed;
    },
  };
}
