import { chmod, chown, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { FileOwner } from '../libvirt/index.ts';
import {
  encodeMigrationHeader,
  type MigrationChannel,
  readFirstLine,
  splice,
} from './migration-header.ts';

/** Where the target launcher's migration listener is. */
export interface MigrationTarget {
  readonly host: string;
  readonly port: number;
}

/** The target refused a connection, or could not be reached. */
export class MigrationConnectError extends Error {
  override readonly name = 'MigrationConnectError';
}

/** Options of {@link dialMigrationTarget}. */
export interface DialOptions {
  readonly target: MigrationTarget;
  readonly token: string;
  readonly channel: MigrationChannel;
  /** For the TCP connection and the target's answer; default 10 s. */
  readonly timeoutMs?: number;
}

function connectTcp(target: MigrationTarget, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new MigrationConnectError(`no connection within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (error: Error): void => {
      clearTimeout(timer);
      reject(new MigrationConnectError(error.message));
    };
    socket.once('error', onError);
  });
}

/**
 * Opens one channel to the target's listener: connects, sends the header and waits for `OK`.
 * Resolves with the socket (paused) and any bytes that followed the answer; rejects with a
 * MigrationConnectError carrying the target's reason.
 */
export async function dialMigrationTarget(
  options: DialOptions,
): Promise<{ socket: Socket; rest: Buffer }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const where = `${options.target.host}:${String(options.target.port)}`;
  const socket = await connectTcp(options.target, timeoutMs).catch((error: unknown) => {
    const cause = error instanceof Error ? error.message : String(error);
    throw new MigrationConnectError(`cannot reach the migration target ${where}: ${cause}`);
  });
  socket.write(encodeMigrationHeader({ channel: options.channel, token: options.token }));
  try {
    const answer = await readFirstLine(socket, timeoutMs);
    if (answer.line === 'OK') return { socket, rest: answer.rest };
    const reason = answer.line.startsWith('ERR ') ? answer.line.slice(4) : answer.line;
    throw new MigrationConnectError(`the migration target ${where} refused: ${reason}`);
  } catch (error) {
    socket.destroy();
    if (error instanceof MigrationConnectError) throw error;
    const cause = error instanceof Error ? error.message : String(error);
    throw new MigrationConnectError(`the migration target ${where} did not answer: ${cause}`);
  }
}

/** Reads the target's `info` channel: one JSON object of strings. */
export async function fetchMigrationInfo(
  options: Omit<DialOptions, 'channel'>,
): Promise<Record<string, string>> {
  const { socket, rest } = await dialMigrationTarget({ ...options, channel: 'info' });
  const chunks: Buffer[] = [rest];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.resume();
  await new Promise<void>((resolve, reject) => {
    socket.once('end', resolve);
    socket.once('error', reject);
  });
  socket.destroy();
  const text = Buffer.concat(chunks).toString('utf8').trim();
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    throw new MigrationConnectError(
      `the migration target sent no valid info: ${text.slice(0, 100)}`,
    );
  }
  if (typeof info !== 'object' || info === null || Array.isArray(info)) {
    throw new MigrationConnectError('the migration target sent no info object');
  }
  const entries = Object.entries(info).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return Object.fromEntries(entries);
}

/** Options of {@link startMigrationDialer}. */
export interface MigrationDialerOptions {
  readonly target: MigrationTarget;
  readonly token: string;
  /** The local unix socket to create for each channel. */
  readonly sockets: Partial<Record<Exclude<MigrationChannel, 'info'>, string>>;
  /** The owner of the sockets (QEMU connects to the memory and disks ones as its own user). */
  readonly owner?: FileOwner;
  /** Called when a channel could not be opened (its local connection is closed). */
  readonly onError?: (error: Error) => void;
}

/** The source's local ends of a migration. */
export interface MigrationDialer {
  /** Stops listening, cuts every connection and removes the sockets. */
  close(): Promise<void>;
}

async function listenUnix(path: string, server: Server, owner?: FileOwner): Promise<void> {
  await rm(path, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(path, 0o600);
  if (owner !== undefined) await chown(path, owner.uid, owner.gid);
}

/**
 * The source launcher's side: a unix socket per channel where libvirtd or QEMU connects as if
 * it were the target's; each connection is carried through the target's listener (header with
 * the migration uid first) and spliced.
 */
export async function startMigrationDialer(
  options: MigrationDialerOptions,
): Promise<MigrationDialer> {
  const servers: Server[] = [];
  const open = new Set<Socket>();
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const carry = async (local: Socket, channel: MigrationChannel): Promise<void> => {
    track(local);
    local.pause();
    local.on('error', () => undefined);
    try {
      const { socket, rest } = await dialMigrationTarget({ ...options, channel });
      track(socket);
      splice(socket, local, rest);
    } catch (error) {
      local.destroy();
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const entries = Object.entries(options.sockets) as [Exclude<MigrationChannel, 'info'>, string][];
  try {
    for (const [channel, path] of entries) {
      const server = createServer((local) => void carry(local, channel));
      servers.push(server);
      await listenUnix(path, server, options.owner);
    }
  } catch (error) {
    for (const server of servers) server.close();
    throw error;
  }
  return {
    async close() {
      for (const socket of open) socket.destroy();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      await Promise.all(entries.map(([, path]) => rm(path, { force: true })));
    },
  };
}
