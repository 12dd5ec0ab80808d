import { mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The cgroup v1 hierarchy that tracks containers' processes. A container's process group does
 * not hold a process that starts its own session or daemonizes (libvirtd, QEMU…); its cgroup
 * does, whatever it does, since children inherit their parent's cgroup. The `pids` controller
 * is one libvirt never moves QEMU out of (it manages cpu, memory, devices, freezer… cgroups).
 */
export const defaultCgroupRoot = '/sys/fs/cgroup/pids';

/** How often, and how long, {@link killCgroup} sweeps a cgroup that processes still fork into. */
const sweepMs = 20;
const sweepRounds = 100;

/**
 * The cgroup hierarchy this node can use: `root` when it is mounted and this process may create
 * cgroups in it (as root), undefined otherwise (containers are then tracked by process group only).
 */
export function usableCgroupRoot(root: string): string | undefined {
  try {
    readFileSync(join(root, 'cgroup.procs'));
    mkdirSync(join(root, 'podvisor'), { recursive: true });
    return root;
  } catch {
    return undefined;
  }
}

/** A container's cgroup below `root`: `<root>/podvisor/<podUid>/<container>` (not created here). */
export function containerCgroupDir(root: string, podUid: string, container: string): string {
  return join(root, 'podvisor', podUid, container);
}

/** Creates a container's cgroup directory; false when it cannot (the container runs untracked). */
export function createCgroup(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    return true;
  } catch {
    return false;
  }
}

/** The processes in a cgroup; empty when it has none or does not exist. */
export function cgroupProcesses(dir: string): number[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter((line) => /^\d+$/.test(line))
      .map(Number);
  } catch {
    return [];
  }
}

function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // It ended meanwhile.
    }
  }
}

/**
 * Kills every process left in a cgroup (SIGKILL), sweeping again until it is empty, since a
 * process may fork between the read and the kill; gives up after about two seconds.
 */
export async function killCgroup(dir: string): Promise<void> {
  for (let round = 0; round < sweepRounds; round += 1) {
    const pids = cgroupProcesses(dir);
    if (pids.length === 0) return;
    killAll(pids);
    await new Promise((resolve) => setTimeout(resolve, sweepMs));
  }
}

/** Removes a pod's cgroups once they are empty (a non-empty one stays; the next sweep gets it). */
export function removePodCgroups(root: string, podUid: string): void {
  const podDir = join(root, 'podvisor', podUid);
  let containers: string[];
  try {
    containers = readdirSync(podDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return;
  }
  try {
    for (const container of containers) rmdirSync(join(podDir, container));
    rmdirSync(podDir);
  } catch {
    // Still busy (a process survived the sweep): left in place.
  }
}
