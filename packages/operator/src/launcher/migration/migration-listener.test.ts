import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  dialMigrationTarget,
  fetchMigrationInfo,
  type MigrationTarget,
  startMigrationDialer,
} from './migration-dialer.ts';
import { encodeMigrationHeader } from './migration-header.ts';
import { type MigrationListener, startMigrationListener } from './migration-listener.ts';

const logger = createLogger({ component: 'test', level: 'silent' });
const token = 'migration-1';
let dir = '';
let echo: Server | undefined;
let listener: MigrationListener | undefined;

/** A unix socket server that answers every chunk with `<tag>:<chunk>`. */
async function echoServer(path: string, tag: string): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => socket.write(`${tag}:${chunk.toString()}`));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
}

/** Connects to a unix socket, writes `text` and resolves with the first answer. */
function exchange(path: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path, () => socket.write(text));
    socket.once('data', (chunk: Buffer) => {
      resolve(chunk.toString());
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

const targetOf = (l: MigrationListener): MigrationTarget => ({ host: '127.0.0.1', port: l.port });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'migration-listener-'));
  echo = await echoServer(join(dir, 'libvirt.sock'), 'libvirtd');
  listener = await startMigrationListener({
    host: '127.0.0.1',
    token,
    routes: { control: join(dir, 'libvirt.sock'), memory: join(dir, 'missing.sock') },
    info: { vmDir: '/target/vm', imagesDir: '/target/images' },
    logger,
  });
});

afterEach(async () => {
  await listener?.close({ destroyConnections: true });
  echo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration listener and dialer', () => {
  it('reports host:port on the address it bound', () => {
    expect(listener?.address).toBe(`127.0.0.1:${String(listener?.port)}`);
  });

  it('carries a local connection of the source to the target channel, with the uid', async () => {
    if (listener === undefined) throw new Error('no listener');
    const dialer = await startMigrationDialer({
      target: targetOf(listener),
      token,
      sockets: { control: join(dir, 'c.sock') },
    });
    expect(await exchange(join(dir, 'c.sock'), 'hello')).toBe('libvirtd:hello');
    await dialer.close();
  });

  it('passes bytes sent right behind the header', async () => {
    if (listener === undefined) throw new Error('no listener');
    const header = encodeMigrationHeader({ channel: 'control', token });
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(listener?.port ?? 0, '127.0.0.1', () => {
        socket.write(`${header}early`);
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('libvirtd:')) {
          resolve(text);
          socket.destroy();
        }
      });
    });
    expect(answer).toBe('OK\nlibvirtd:early');
  });

  it.each([
    ['a wrong migration uid', 'migration-2', 'control', 'refused: unknown migration'],
    ['a channel this migration lacks', token, 'disks', 'refused: no disks channel'],
    ['a channel whose local socket is gone', token, 'memory', "target's memory socket"],
  ] as const)('refuses %s', async (_name, uid, channel, message) => {
    if (listener === undefined) throw new Error('no listener');
    await expect(
      dialMigrationTarget({ target: targetOf(listener), token: uid, channel }),
    ).rejects.toThrow(message);
    expect(listener.refused()).toBe(1);
  });

  it('refuses a connection that sends no header', async () => {
    if (listener === undefined) throw new Error('no listener');
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(listener?.port ?? 0, '127.0.0.1', () => {
        socket.write('GET / HTTP/1.1\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      socket.on('close', () => {
        resolve(text);
      });
    });
    expect(answer).toBe('ERR not a PODVISOR-MIGRATION/1 header\n');
  });

  it('answers the info channel with its paths', async () => {
    if (listener === undefined) throw new Error('no listener');
    expect(await fetchMigrationInfo({ target: targetOf(listener), token })).toEqual({
      vmDir: '/target/vm',
      imagesDir: '/target/images',
    });
  });

  it('tells why it cannot reach a closed listener', async () => {
    if (listener === undefined) throw new Error('no listener');
    const target = targetOf(listener);
    await listener.close();
    await expect(dialMigrationTarget({ target, token, channel: 'control' })).rejects.toThrow(
      'cannot reach the migration target',
    );
  });

  it('closes itself when idle', async () => {
    const idle = await startMigrationListener({
      host: '127.0.0.1',
      token,
      routes: {},
      info: {},
      logger,
      idleTimeoutMs: 10,
    });
    await expect(idle.closed).resolves.toBeUndefined();
  });
});
