import { createHash } from 'node:crypto';
import { mkdir, realpath, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '@podvisor/kube/process';
import { createLibvirtRuntime } from './libvirt-runtime.ts';
import type { VirtLauncherConfig } from './virt-launcher-config.ts';
import { startVirtLauncher, type LauncherExit, type VirtLauncher } from './virt-launcher.ts';

/** `path` as this process sees it: under `containerRoot` in the embedded cluster's pods. */
function inContainer(containerRoot: string, path: string): string {
  return containerRoot === '' ? path : join(containerRoot, path);
}

/** Where short aliases of long state directories live (root only; see {@link shortStateDir}). */
const shortLinkRoot = '/run/podvisor/launchers';

/**
 * The longest path below the state directory that something binds or connects to by name: the
 * private libvirtd's socket (`libvirt/run/libvirt-sock`); QEMU's sockets (`vm/serial.sock`…)
 * are shorter.
 */
const longestSocketSuffix = join('libvirt', 'run', 'libvirt-sock');

/**
 * A path for `stateDir` short enough for unix sockets (108 bytes, with the NUL). A real
 * launcher container's `/var/run/kubevirt-private` is short; a pod of the embedded cluster
 * lives deep in the data directory, so the launcher makes a short symlink to it instead
 * (`/run/podvisor/launchers/<hash>`). QEMU and libvirtd bind their sockets through it, and the
 * files land in the pod's own directory, where virt-handler finds them.
 */
async function shortStateDir(stateDir: string): Promise<{ dir: string; link?: string }> {
  if (join(stateDir, longestSocketSuffix).length < 100) return { dir: stateDir };
  const hash = createHash('sha256').update(stateDir).digest('hex').slice(0, 16);
  const link = join(shortLinkRoot, hash);
  await mkdir(shortLinkRoot, { recursive: true, mode: 0o755 });
  await rm(link, { force: true });
  await symlink(stateDir, link);
  return { dir: link, link };
}

/**
 * Starts virt-launcher from its configuration: a libvirt runtime in `stateDir` and the command
 * service in `socketDir`, both under `containerRoot` in the embedded cluster (where a mount is
 * a symlink the node agent made: the launcher resolves it, since it refuses to create its
 * socket through a link).
 */
export async function runVirtLauncher(input: {
  config: VirtLauncherConfig;
  logger: Logger;
}): Promise<VirtLauncher> {
  const { config, logger } = input;
  const containerRoot = config.containerRoot;
  const mountedState = inContainer(containerRoot, config.stateDir);
  const mountedSockets = inContainer(containerRoot, config.socketDir);
  // The state directory stays traversable: QEMU, as the QEMU user, reaches its 0700 `vm/` in it.
  await mkdir(mountedState, { recursive: true, mode: 0o755 });
  await mkdir(mountedSockets, { recursive: true, mode: 0o700 });
  const state = await shortStateDir(await realpath(mountedState));
  const socketDir = await realpath(mountedSockets);
  await mkdir(dirname(socketDir), { recursive: true });
  const runtime = createLibvirtRuntime({
    stateDir: state.dir,
    dataDir: inContainer(containerRoot, config.dataDir),
    logger,
    ...(config.podIp === '' ? {} : { podIp: config.podIp }),
    ...(config.capabilitiesCacheDir === ''
      ? {}
      : { capabilitiesCacheDir: inContainer(containerRoot, config.capabilitiesCacheDir) }),
  });
  const launcher = await startVirtLauncher({
    socketDir,
    runtime,
    logger,
    ...(config.podUid === '' ? {} : { podUid: config.podUid }),
    ...(config.vmiUid === '' ? {} : { vmiUid: config.vmiUid }),
  });
  const { link } = state;
  if (link !== undefined) {
    void launcher.exited.finally(() => rm(link, { force: true }).catch(() => undefined));
  }
  return launcher;
}

/** The launcher's exit code: 0 when the guest shut down cleanly, 1 otherwise. */
export function exitCodeOf(exit: LauncherExit): number {
  return exit.succeeded ? 0 : 1;
}
