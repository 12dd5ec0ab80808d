import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '@podvisor/kube';
import { createLibvirtRuntime } from './libvirt-runtime.ts';
import type { VirtLauncherConfig } from './virt-launcher-config.ts';
import { startVirtLauncher, type LauncherExit, type VirtLauncher } from './virt-launcher.ts';

/** `path` as this process sees it: under `containerRoot` in the embedded cluster's pods. */
function inContainer(containerRoot: string, path: string): string {
  return containerRoot === '' ? path : join(containerRoot, path);
}

/**
 * Starts virt-launcher from its configuration: a libvirt runtime in `stateDir` and the command
 * service in `socketDir`, both under `containerRoot` in the embedded cluster.
 */
export async function runVirtLauncher(input: {
  config: VirtLauncherConfig;
  logger: Logger;
}): Promise<VirtLauncher> {
  const { config, logger } = input;
  const containerRoot = config.containerRoot;
  const stateDir = inContainer(containerRoot, config.stateDir);
  const socketDir = inContainer(containerRoot, config.socketDir);
  // The state directory stays traversable: QEMU, as the QEMU user, reaches its 0700 `vm/` in it.
  await mkdir(stateDir, { recursive: true, mode: 0o755 });
  await mkdir(dirname(socketDir), { recursive: true });
  const runtime = createLibvirtRuntime({
    stateDir,
    dataDir: config.dataDir,
    logger,
    ...(config.podIp === '' ? {} : { podIp: config.podIp }),
    ...(config.capabilitiesCacheDir === ''
      ? {}
      : { capabilitiesCacheDir: config.capabilitiesCacheDir }),
  });
  return startVirtLauncher({
    socketDir,
    runtime,
    logger,
    ...(config.podUid === '' ? {} : { podUid: config.podUid }),
    ...(config.vmiUid === '' ? {} : { vmiUid: config.vmiUid }),
  });
}

/** The launcher's exit code: 0 when the guest shut down cleanly, 1 otherwise. */
export function exitCodeOf(exit: LauncherExit): number {
  return exit.succeeded ? 0 : 1;
}
