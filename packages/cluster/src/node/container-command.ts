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

/** A container's command names nothing its image can run: the container waits with RunContainerError. */
export class ContainerCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerCommandError';
  }
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

type ComponentRuntime = Extract<ImageRuntime, { kind: 'component' }>;

/**
 * The command line of a component container: Node on the image's entrypoint with `args` when
 * `command` is empty; otherwise on the image's binary that `command[0]` names (by its basename:
 * `virt-tail` or `/usr/bin/virt-tail`), with `command[1..]` and then `args`. Throws
 * {@link ContainerCommandError} when `command[0]` is none of the image's binaries, or names one
 * whose script this checkout does not have.
 */
export function componentArgv(
  runtime: ComponentRuntime,
  nodeBinary: string,
  command: readonly string[],
  args: readonly string[],
): string[] {
  const [first, ...rest] = command;
  if (first === undefined) return [nodeBinary, runtime.entrypoint, ...args];
  const binaries = runtime.binaries;
  const script = binaries[basename(first)];
  if (script === undefined) {
    throw new ContainerCommandError(
      `exec: "${first}": not a binary of the ${runtime.component} image (its binaries: ${Object.keys(binaries).join(', ')})`,
    );
  }
  if (!existsSync(script)) {
    throw new ContainerCommandError(
      `exec: "${first}": the ${runtime.component} image's ${basename(first)} (${script}) does not exist in this checkout yet`,
    );
  }
  return [nodeBinary, script, ...rest, ...args];
}

/**
 * The command line of a container's main process. busybox: `command` + `args` (the image's default
 * is `sh`); a component: {@link componentArgv} (its entrypoint, or the binary `command` names);
 * podman: `podman run` with the env, mounts and host network. `$(VAR)` references are expanded
 * from the container's env. Throws {@link ContainerCommandError} for a command the image lacks.
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
      return componentArgv(runtime, ctx.nodeBinary, command, args);
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
