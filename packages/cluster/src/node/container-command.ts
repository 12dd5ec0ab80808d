import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { JsonObject } from '../apiserver/json.ts';
import { expandVars } from './container-env.ts';
import type { ImageRuntime } from './image-catalog.ts';
import { readStrings } from './read-json.ts';

/** A volume as a container sees it: the host path behind a `mountPath`. */
export interface ContainerMount {
  readonly hostPath: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
}

/** What it takes to turn a container spec into a command line. */
export interface CommandContext {
  readonly runtime: ImageRuntime;
  readonly env: Readonly<Record<string, string>>;
  /** The container's root directory, where each mountPath is a symlink to its volume. */
  readonly rootDir: string;
  readonly mounts: readonly ContainerMount[];
  /** The name podman gives the container (unique per pod and container). */
  readonly podmanName: string;
  /** The Node binary that runs component images. */
  readonly nodeBinary: string;
}

/** The PATH of busybox's image, which has no other environment. */
export const busyboxPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Runs a command line with busybox: an applet by its name (`sh`, `/bin/echo` → `echo`), or a
 * script that exists under the container's root (a mounted file) through busybox's `sh`.
 */
export function busyboxArgv(binary: string, argv: readonly string[], rootDir: string): string[] {
  const [first = 'sh', ...rest] = argv;
  if (first.includes('/')) {
    const inRoot = join(rootDir, first);
    if (existsSync(inRoot) && !/^\/(usr\/)?s?bin\//.test(first))
      return [binary, 'sh', inRoot, ...rest];
  }
  return [binary, basename(first), ...rest];
}

function podmanArgv(ctx: CommandContext, image: string, container: JsonObject): string[] {
  const command = readStrings(container['command']).map((c) => expandVars(c, ctx.env));
  const args = readStrings(container['args']).map((a) => expandVars(a, ctx.env));
  const workingDir = typeof container['workingDir'] === 'string' ? container['workingDir'] : '';
  return [
    ctx.runtime.kind === 'podman' ? ctx.runtime.podman : 'podman',
    'run',
    '--rm',
    '--name',
    ctx.podmanName,
    '--network',
    'host',
    '--runtime',
    'runc',
    '--ulimit',
    'nofile=1024:1024',
    '--ulimit',
    'nproc=1024:1024',
    ...Object.keys(ctx.env).flatMap((name) => ['-e', name]),
    ...ctx.mounts.flatMap((m) => ['-v', `${m.hostPath}:${m.mountPath}${m.readOnly ? ':ro' : ''}`]),
    ...(workingDir === '' ? [] : ['-w', workingDir]),
    ...(command.length > 0 ? ['--entrypoint', JSON.stringify(command)] : []),
    image,
    ...args,
  ];
}

/**
 * The command line of a container's main process. busybox: `command` + `args` (the image's default
 * is `sh`); a component: Node on its entrypoint with `args` (`command` is not used: the image's
 * entrypoint is the component); podman: `podman run` with the env, mounts and host network.
 * `$(VAR)` references are expanded from the container's env.
 */
export function containerArgv(ctx: CommandContext, container: JsonObject): string[] {
  const command = readStrings(container['command']).map((c) => expandVars(c, ctx.env));
  const args = readStrings(container['args']).map((a) => expandVars(a, ctx.env));
  const { runtime } = ctx;
  switch (runtime.kind) {
    case 'busybox': {
      const argv = command.length > 0 ? [...command, ...args] : args.length > 0 ? args : ['sh'];
      return busyboxArgv(runtime.binary, argv, ctx.rootDir);
    }
    case 'component':
      return [ctx.nodeBinary, runtime.entrypoint, ...args];
    case 'podman':
      return podmanArgv(ctx, runtime.image, container);
  }
}

/** The command line of `kubectl exec` (and exec probes) in a container with this runtime. */
export function execArgv(
  ctx: Pick<CommandContext, 'runtime' | 'rootDir' | 'podmanName'>,
  command: readonly string[],
): string[] {
  const { runtime } = ctx;
  switch (runtime.kind) {
    case 'busybox':
      return busyboxArgv(runtime.binary, command, ctx.rootDir);
    case 'component':
      return [...command];
    case 'podman':
      return [runtime.podman, 'exec', '-i', ctx.podmanName, ...command];
  }
}

/** The environment an image brings before the container's own. */
export function imageEnv(runtime: ImageRuntime, hostPath: string): Record<string, string> {
  return runtime.kind === 'busybox' ? { PATH: busyboxPath } : { PATH: hostPath };
}
