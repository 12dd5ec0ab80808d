import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { forwardTcpToUnix, forwardUnixToTcp, type Forwarder } from './socket-forwarder.ts';

const dir = mkdtempSync(join(tmpdir(), 'podvisor-forwarder-'));
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A server that answers only after its client half-closed: it reads everything, then writes it
 * back upper-cased and ends. It works only if the forwarder passes the client's FIN on and keeps
 * the way back open.
 */
async function shoutServer(listen: (server: Server) => void): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      socket.end(Buffer.concat(chunks).toString().toUpperCase());
    });
  });
  await new Promise<void>((resolve) => {
    server.once('listening', resolve);
    listen(server);
  });
  cleanups.push(
    () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  );
  return server;
}

function tcpPort(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not a TCP server');
  return address.port;
}

function track<T extends Forwarder>(forwarder: T): T {
  cleanups.push(() => forwarder.close());
  return forwarder;
}

/** Sends `text`, half-closes, and collects the answer until the other side ends. */
function exchange(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => {
      resolve(answer);
    });
    socket.on('error', reject);
    socket.end(text);
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    if (socket.destroyed) resolve();
    else
      socket.once('close', () => {
        resolve();
      });
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
}

let n = 0;
const socketPath = (): string => join(dir, `s${(n += 1)}.sock`);

describe('forwardTcpToUnix and forwardUnixToTcp', () => {
  it('carry a request from TCP to a unix socket and the answer back across a half-close', async () => {
    const path = socketPath();
    await shoutServer((s) => s.listen(path));
    const fwd = track(
      await forwardTcpToUnix({ listen: { host: '127.0.0.1', port: 0 }, socketPath: path }),
    );
    expect(fwd.address.port).toBeGreaterThan(0);
    const answer = await exchange(connect(fwd.address.port, '127.0.0.1'), 'hello pods');
    expect(answer).toBe('HELLO PODS');
  });

  it('carry a request from a unix socket to TCP, and chain host TCP → socket → TCP', async () => {
    const upstream = await shoutServer((s) => s.listen(0, '127.0.0.1'));
    const path = socketPath();
    const inner = track(
      await forwardUnixToTcp({
        listen: { path },
        target: { host: '127.0.0.1', port: tcpPort(upstream) },
      }),
    );
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await exchange(connect({ path: inner.path }), 'direct')).toBe('DIRECT');
    const outer = track(
      await forwardTcpToUnix({ listen: { host: '127.0.0.1', port: 0 }, socketPath: path }),
    );
    expect(await exchange(connect(outer.address.port, '127.0.0.1'), 'chained')).toBe('CHAINED');
  });

  it('close() stops listening and destroys the open connections', async () => {
    const path = socketPath();
    const held: Socket[] = [];
    const server = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    cleanups.push(
      () =>
        new Promise((resolve) => {
          for (const socket of held) socket.destroy();
          server.close(() => {
            resolve();
          });
        }),
    );
    const fwd = await forwardTcpToUnix({
      listen: { host: '127.0.0.1', port: 0 },
      socketPath: path,
    });
    const client = connect(fwd.address.port, '127.0.0.1');
    await connected(client);
    await expect.poll(() => held.length).toBe(1);
    expect(fwd.connections()).toBe(1);
    await Promise.all([fwd.close(), closed(client)]);
    expect(fwd.connections()).toBe(0);
    const again = connect(fwd.address.port, '127.0.0.1');
    await expect(connected(again)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('closes a client whose upstream cannot be reached', async () => {
    const fwd = track(
      await forwardTcpToUnix({
        listen: { host: '127.0.0.1', port: 0 },
        socketPath: join(dir, 'nobody.sock'),
      }),
    );
    const client = connect(fwd.address.port, '127.0.0.1');
    await closed(client);
    await expect.poll(() => fwd.connections()).toBe(0);
  });

  it('replaces a stale socket file but refuses a live one and a file that is no socket', async () => {
    const path = socketPath();
    // A process killed while it listened leaves its socket file behind, with nobody answering.
    const crashed = spawnSync(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    expect(crashed.signal).toBe('SIGKILL');
    expect(statSync(path).isSocket()).toBe(true);
    const target = { host: '127.0.0.1', port: 1 };
    const fwd = track(await forwardUnixToTcp({ listen: { path }, target }));
    await expect(forwardUnixToTcp({ listen: { path }, target })).rejects.toThrow(
      `listen.path ${path} is served by another process`,
    );
    await fwd.close();
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    await expect(forwardUnixToTcp({ listen: { path: file }, target })).rejects.toThrow(
      /exists and is not a socket/,
    );
  });

  it.each([
    [
      () => forwardTcpToUnix({ listen: { host: '127.0.0.1', port: 70_000 }, socketPath: 'x' }),
      /listen\.port must be a port number/,
    ],
    [
      () => forwardTcpToUnix({ listen: { host: '127.0.0.1', port: 0 }, socketPath: '' }),
      /socketPath must not be empty/,
    ],
    [
      () => forwardUnixToTcp({ listen: { path: '' }, target: { host: '127.0.0.1', port: 1 } }),
      /listen\.path must not be empty/,
    ],
    [
      () => forwardUnixToTcp({ listen: { path: 'x' }, target: { host: '127.0.0.1', port: -1 } }),
      /target\.port must be a port number/,
    ],
  ])('refuses bad options, naming the field (%#)', async (start, message) => {
    await expect(start()).rejects.toThrow(message);
  });
});
