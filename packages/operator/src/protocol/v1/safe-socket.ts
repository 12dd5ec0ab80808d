import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, unlink, chmod } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Safe unix-socket paths for sockets that live in directories a tenant may control (a VM pod's
 * directory). Nothing here follows a symbolic link below the trusted root: directories are
 * walked one component at a time with `O_NOFOLLOW`, each step opened relative to the previous
 * directory's descriptor through `/proc/self/fd/<fd>/<name>` (Node has no `openat`).
 * Linux only: it relies on procfs and `O_PATH`.
 */

/** A socket path was refused, or the socket could not be reached; the message names the cause. */
export class SafeSocketError extends Error {
  override readonly name = 'SafeSocketError';
  /** The path the problem is about. */
  readonly path: string;

  constructor(path: string, problem: string, options?: ErrorOptions) {
    super(`${path}: ${problem}`, options);
    this.path = path;
  }
}

/** Linux's `O_PATH` (not exported by Node): a descriptor naming an inode, without opening it. */
const O_PATH = 0o10000000;
const directoryFlags = O_PATH | constants.O_DIRECTORY | constants.O_NOFOLLOW;

function viaFd(handle: FileHandle, name: string): string {
  return `/proc/self/fd/${handle.fd}/${name}`;
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Refuses a socket name that is not one plain path component. */
function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\0]/.test(name)) {
    throw new SafeSocketError(name, 'a socket name must be one path component');
  }
}

async function describeMissingDirectory(path: string, error: unknown): Promise<SafeSocketError> {
  const code = errnoOf(error);
  if (code === 'ENOTDIR' || code === 'ELOOP') {
    const stats = await lstat(path).catch(() => undefined);
    if (stats?.isSymbolicLink() === true) {
      return new SafeSocketError(path, 'is a symbolic link; refusing to follow it');
    }
    return new SafeSocketError(path, 'is not a directory');
  }
  if (code === 'ENOENT') return new SafeSocketError(path, 'does not exist');
  return new SafeSocketError(path, `cannot be opened (${code ?? messageOf(error)})`, {
    cause: error,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens directory `name` inside the directory `parent` refers to, never following a link. */
async function openChildDirectory(
  parent: FileHandle,
  name: string,
  shownPath: string,
): Promise<FileHandle> {
  try {
    return await open(viaFd(parent, name), directoryFlags);
  } catch (error) {
    throw await describeMissingDirectory(shownPath, error);
  }
}

/** Opens `dir` itself with `O_NOFOLLOW` (a symlink at `dir` is refused; its parents are trusted). */
async function openOwnDirectory(dir: string): Promise<FileHandle> {
  try {
    return await open(dir, directoryFlags);
  } catch (error) {
    throw await describeMissingDirectory(dir, error);
  }
}

async function ensurePrivateDirectory(dir: string): Promise<FileHandle> {
  await mkdir(dir, { mode: 0o700 }).catch((error: unknown) => {
    if (errnoOf(error) !== 'EEXIST') {
      throw new SafeSocketError(dir, `cannot be created (${messageOf(error)})`, { cause: error });
    }
  });
  const handle = await openOwnDirectory(dir);
  try {
    const stats = await handle.stat();
    const uid = process.getuid?.();
    if (uid !== undefined && stats.uid !== uid) {
      throw new SafeSocketError(dir, `is owned by uid ${stats.uid}, not by this process (${uid})`);
    }
    // Through the descriptor: the directory checked is the directory changed.
    if ((stats.mode & 0o777) !== 0o700) await chmod(viaFd(handle, ''), 0o700);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function removeStaleSocket(dirHandle: FileHandle, dir: string, name: string): Promise<void> {
  const path = viaFd(dirHandle, name);
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw error;
  }
  if (!stats.isSocket()) {
    throw new SafeSocketError(join(dir, name), 'exists and is not a socket; refusing to remove it');
  }
  await unlink(path);
}

function listenOn(server: Server, path: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const onError = (error: Error): void => {
      reject(error);
    };
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      resolvePromise();
    });
  });
}

/** A listening socket made by {@link listenPrivate}. */
export interface PrivateSocketServer {
  server: Server;
  /** The socket's real path (`server.address()` shows the `/proc/self/fd` path it was bound by). */
  path: string;
  /** Stops listening and removes the socket file. */
  close: () => Promise<void>;
}

/**
 * Listens on `<dir>/<name>`, a socket only this user can reach. Creates `dir` with mode 0700
 * when missing; refuses a `dir` that is a symlink or is owned by another user, and tightens an
 * existing one to 0700. A stale socket file is removed, but any other file there is refused.
 * The socket is bound through the directory's descriptor and chmodded 0600. The caller adds
 * `connection` listeners to `server`.
 */
export async function listenPrivate(dir: string, name: string): Promise<PrivateSocketServer> {
  checkName(name);
  const dirHandle = await ensurePrivateDirectory(dir);
  const server = createServer();
  try {
    await removeStaleSocket(dirHandle, dir, name);
    await listenOn(server, viaFd(dirHandle, name));
    await chmod(viaFd(dirHandle, name), 0o600);
  } catch (error) {
    server.close();
    await dirHandle.close();
    throw error instanceof SafeSocketError
      ? error
      : new SafeSocketError(join(dir, name), `cannot listen (${messageOf(error)})`, {
          cause: error,
        });
  }
  // The descriptor stays open while the server lives: Node unlinks the socket on close by the
  // /proc path it was bound with, which must still name this directory then.
  const closed = new Promise<void>((resolvePromise) => {
    server.once('close', () => {
      void dirHandle.close().finally(resolvePromise);
    });
  });
  return {
    server,
    path: join(dir, name),
    close: async () => {
      if (server.listening) server.close();
      await closed;
    },
  };
}

/** Where to connect, and the root below which no symlink is followed. */
export interface ConnectNoFollowOptions {
  /** A directory this process trusts (not writable by tenants); `dir` must lie inside it. */
  trustedRoot: string;
}

function componentsBelow(root: string, dir: string): string[] {
  const path = relative(root, dir);
  if (path === '') return [];
  if (path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) {
    throw new SafeSocketError(dir, `is not inside the trusted root ${root}`);
  }
  return path.split(sep);
}

async function walkNoFollow(root: string, components: string[]): Promise<FileHandle> {
  let current: FileHandle;
  try {
    current = await open(root, O_PATH | constants.O_DIRECTORY);
  } catch (error) {
    throw await describeMissingDirectory(root, error);
  }
  let shown = root;
  for (const component of components) {
    shown = join(shown, component);
    try {
      const next = await openChildDirectory(current, component, shown);
      await current.close();
      current = next;
    } catch (error) {
      await current.close();
      throw error;
    }
  }
  return current;
}

async function openSocketNoFollow(
  dirHandle: FileHandle,
  path: string,
  name: string,
): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(viaFd(dirHandle, name), O_PATH | constants.O_NOFOLLOW);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new SafeSocketError(path, 'does not exist');
    throw new SafeSocketError(path, `cannot be opened (${messageOf(error)})`, { cause: error });
  }
  const stats = await handle.stat();
  if (!stats.isSocket()) {
    await handle.close();
    const what = stats.isSymbolicLink()
      ? 'is a symbolic link; refusing to follow it'
      : 'is not a socket';
    throw new SafeSocketError(path, what);
  }
  return handle;
}

function connectTo(path: string, shownPath: string): Promise<Socket> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect(path);
    const onError = (error: Error): void => {
      reject(new SafeSocketError(shownPath, `cannot connect (${error.message})`, { cause: error }));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolvePromise(socket);
    });
  });
}

/**
 * Connects to the socket `<dir>/<name>` without following any symlink below `trustedRoot`:
 * each directory component is opened with `O_NOFOLLOW` relative to its parent's descriptor,
 * the socket itself is opened with `O_PATH | O_NOFOLLOW` and checked to be a socket, and the
 * connection goes to that very inode through `/proc/self/fd/<fd>`. So a component or a socket
 * swapped for a symlink, before or during the walk, is refused; see the README for what this
 * does not protect against.
 */
export async function connectNoFollow(
  dir: string,
  name: string,
  options: ConnectNoFollowOptions,
): Promise<Socket> {
  checkName(name);
  const root = resolve(options.trustedRoot);
  const target = resolve(root, dir);
  const dirHandle = await walkNoFollow(root, componentsBelow(root, target));
  try {
    const path = join(target, name);
    const socketHandle = await openSocketNoFollow(dirHandle, path, name);
    try {
      return await connectTo(`/proc/self/fd/${socketHandle.fd}`, path);
    } finally {
      await socketHandle.close();
    }
  } finally {
    await dirHandle.close();
  }
}
