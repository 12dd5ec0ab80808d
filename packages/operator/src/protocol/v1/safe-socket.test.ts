import {
  chmod,
  chown,
  link,
  lstat,
  mkdir,
  mkdtemp,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  connectNoFollow,
  listenPrivate,
  type PrivateSocketServer,
  SafeSocketError,
} from './safe-socket.ts';

let base: string;
let servers: PrivateSocketServer[] = [];
let sockets: Socket[] = [];
let testIndex = 0;
/** A fresh directory per test (not created yet). */
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'podvisor-safe-socket-'));
});

beforeEach(() => {
  testIndex += 1;
  root = join(base, `t${testIndex}`);
});

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  sockets = [];
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Listens privately and answers every connection with "pong". */
async function listenPong(dir: string, name: string): Promise<PrivateSocketServer> {
  const listener = await listenPrivate(dir, name);
  listener.server.on('connection', (socket) => socket.end('pong'));
  servers.push(listener);
  return listener;
}

function readAll(socket: Socket): Promise<string> {
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    socket.on('end', () => {
      resolve(text);
    });
    socket.on('error', reject);
  });
}

/** A socket file nobody listens on any more. */
async function staleSocketAt(path: string): Promise<void> {
  const server: Server = createServer();
  const live = join(base, `live-${testIndex}.sock`);
  await new Promise<void>((resolve) => server.listen(live, resolve));
  await link(live, path);
  await new Promise((resolve) => server.close(resolve));
}

function refusal(path: string, problem: RegExp): unknown {
  return expect.objectContaining({
    name: 'SafeSocketError',
    path,
    message: expect.stringMatching(problem) as unknown,
  });
}

describe('listenPrivate', () => {
  it('creates the directory 0700 and the socket 0600, and removes the socket on close', async () => {
    const dir = join(root, 'sockets');
    await mkdir(root);
    const listener = await listenPong(dir, 'launcher.sock');
    expect(listener.path).toBe(join(dir, 'launcher.sock'));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const socketStats = await lstat(listener.path);
    expect(socketStats.isSocket()).toBe(true);
    expect(socketStats.mode & 0o777).toBe(0o600);
    await expect(readAll(connect(listener.path))).resolves.toBe('pong');
    await listener.close();
    await expect(lstat(listener.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('tightens an existing directory of ours to 0700', async () => {
    await mkdir(root, { mode: 0o755 });
    await chmod(root, 0o755);
    await listenPong(root, 's.sock');
    expect((await stat(root)).mode & 0o777).toBe(0o700);
  });

  it('refuses a directory that is a symlink, and creates nothing behind it', async () => {
    const real = join(base, `real-${testIndex}`);
    await mkdir(real);
    await symlink(real, root);
    await expect(listenPrivate(root, 's.sock')).rejects.toThrow(
      refusal(root, /is a symbolic link; refusing to follow it$/),
    );
    await expect(lstat(join(real, 's.sock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a directory path that is a regular file', async () => {
    await writeFile(root, 'not a dir');
    await expect(listenPrivate(root, 's.sock')).rejects.toThrow(
      refusal(root, /is not a directory$/),
    );
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a directory owned by another user', async () => {
    await mkdir(root, { mode: 0o700 });
    await chown(root, 65_534, 65_534);
    await expect(listenPrivate(root, 's.sock')).rejects.toThrow(
      refusal(root, /is owned by uid 65534, not by this process \(0\)$/),
    );
  });

  it('replaces a stale socket', async () => {
    await mkdir(root, { mode: 0o700 });
    await staleSocketAt(join(root, 's.sock'));
    const listener = await listenPong(root, 's.sock');
    await expect(readAll(connect(listener.path))).resolves.toBe('pong');
  });

  it.each([
    ['a regular file', (path: string) => writeFile(path, 'data')],
    ['a symlink to a socket', (path: string) => symlink(join(base, 'elsewhere.sock'), path)],
    ['a directory', (path: string) => mkdir(path)],
  ])('refuses to remove %s in the socket’s place', async (_name, create) => {
    await mkdir(root, { mode: 0o700 });
    const path = join(root, 's.sock');
    await create(path);
    await expect(listenPrivate(root, 's.sock')).rejects.toThrow(
      refusal(path, /exists and is not a socket; refusing to remove it$/),
    );
    await expect(lstat(path)).resolves.toBeDefined();
  });

  it.each(['', '.', '..', 'a/b', '../escape.sock', 'nul\0byte'])(
    'refuses the socket name %j',
    async (name) => {
      await expect(listenPrivate(root, name)).rejects.toThrow(
        /a socket name must be one path component/,
      );
    },
  );
});

describe('connectNoFollow', () => {
  it('connects through nested directories below the trusted root', async () => {
    await mkdir(join(root, 'pods', 'uid-1'), { recursive: true });
    await listenPong(join(root, 'pods', 'uid-1', 'sockets'), 'launcher.sock');
    const socket = await connectNoFollow(join(root, 'pods', 'uid-1', 'sockets'), 'launcher.sock', {
      trustedRoot: root,
    });
    await expect(readAll(socket)).resolves.toBe('pong');
  });

  it('accepts a directory given relative to the trusted root, which itself may be a symlink', async () => {
    await mkdir(root);
    await listenPong(join(root, 'sockets'), 's.sock');
    const alias = join(base, `alias-${testIndex}`);
    await symlink(root, alias);
    const socket = await connectNoFollow('sockets', 's.sock', { trustedRoot: alias });
    await expect(readAll(socket)).resolves.toBe('pong');
  });

  it('refuses a symlinked directory in the middle of the path', async () => {
    const real = join(base, `real-${testIndex}`);
    await mkdir(join(real, 'sockets'), { recursive: true });
    await listenPong(join(real, 'sockets'), 's.sock');
    await mkdir(join(root, 'pods'), { recursive: true });
    await symlink(real, join(root, 'pods', 'uid-1'));
    await expect(
      connectNoFollow(join(root, 'pods', 'uid-1', 'sockets'), 's.sock', { trustedRoot: root }),
    ).rejects.toThrow(
      refusal(join(root, 'pods', 'uid-1'), /is a symbolic link; refusing to follow it$/),
    );
  });

  it('refuses a symlinked last directory', async () => {
    const real = join(base, `real-${testIndex}`);
    await listenPong(real, 's.sock');
    await mkdir(root);
    await symlink(real, join(root, 'sockets'));
    await expect(
      connectNoFollow(join(root, 'sockets'), 's.sock', { trustedRoot: root }),
    ).rejects.toThrow(refusal(join(root, 'sockets'), /is a symbolic link/));
  });

  it('refuses a socket that is a symlink to a live socket (CVE-2026-7374)', async () => {
    const other = await listenPong(join(base, `victim-${testIndex}`), 'crio.sock');
    await mkdir(join(root, 'sockets'), { recursive: true });
    await symlink(other.path, join(root, 'sockets', 'console.sock'));
    await expect(
      connectNoFollow(join(root, 'sockets'), 'console.sock', { trustedRoot: root }),
    ).rejects.toThrow(
      refusal(join(root, 'sockets', 'console.sock'), /is a symbolic link; refusing to follow it$/),
    );
  });

  it.each([
    ['a regular file', (path: string) => writeFile(path, 'x'), /is not a socket$/],
    ['a directory', (path: string) => mkdir(path), /is not a socket$/],
    ['nothing', () => Promise.resolve(), /does not exist$/],
    ['a stale socket', staleSocketAt, /cannot connect \(.*ECONNREFUSED/],
  ])('refuses when the socket path is %s', async (_name, create, problem) => {
    await mkdir(root);
    const path = join(root, 's.sock');
    await create(path);
    await expect(connectNoFollow(root, 's.sock', { trustedRoot: root })).rejects.toThrow(
      refusal(path, problem),
    );
  });

  it('refuses a missing directory', async () => {
    await mkdir(root);
    await expect(
      connectNoFollow(join(root, 'gone'), 's.sock', { trustedRoot: root }),
    ).rejects.toThrow(refusal(join(root, 'gone'), /does not exist$/));
  });

  it.each([
    ['outside the root', () => base],
    ['escaping with ..', () => join(root, '..', 'elsewhere')],
  ])('refuses a directory %s', async (_name, dir) => {
    await mkdir(root);
    await expect(connectNoFollow(dir(), 's.sock', { trustedRoot: root })).rejects.toThrow(
      /is not inside the trusted root/,
    );
  });

  it('refuses a name with a slash, so the last component cannot be a path', async () => {
    await mkdir(root);
    await expect(connectNoFollow(root, 'a/s.sock', { trustedRoot: root })).rejects.toBeInstanceOf(
      SafeSocketError,
    );
  });
});
