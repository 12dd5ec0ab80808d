import { readdir, readFile, readlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** The mount namespace of a process (`mnt:[4026532177]`), or undefined when it is gone. */
export async function mountNamespaceOf(pid: number | 'self'): Promise<string | undefined> {
  try {
    return await readlink(`/proc/${String(pid)}/ns/mnt`);
  } catch {
    return undefined;
  }
}

/** Every process (not zombie) in the mount namespace `namespace`. */
export async function pidsInMountNamespace(namespace: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if ((await mountNamespaceOf(pid)) === namespace && (await isAlive(pid))) pids.push(pid);
  }
  return pids;
}

/** Whether a process exists and is not a zombie. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Sends `signal` to each pid that still exists, ignoring ones that are gone. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Waits until none of `pids` is alive, or `ms` passed; resolves with the ones still alive. */
export async function waitForExit(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = [...pids];
  for (;;) {
    const states = await Promise.all(alive.map(isAlive));
    alive = alive.filter((_pid, i) => states[i] === true);
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await sleep(20);
  }
}

/**
 * The PID namespace a process's children are created in (`pid:[4026532180]`): after
 * `unshare --pid`, the new namespace, while the process itself stays in its old one.
 */
export async function childPidNamespaceOf(pid: number): Promise<string | undefined> {
  try {
    return await readlink(`/proc/${String(pid)}/ns/pid_for_children`);
  } catch {
    return undefined;
  }
}

/** Every live process in the PID namespace `namespace`, as host pids. */
export async function pidsInPidNamespace(namespace: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const own = await readlink(`/proc/${name}/ns/pid`).catch(() => undefined);
    if (own === namespace && (await isAlive(pid))) pids.push(pid);
  }
  return pids;
}

/**
 * A process's pid in the innermost namespace it belongs to: the last field of the `NSpid:` line
 * of /proc/PID/status (`NSpid:\t81234\t7` → 7).
 */
export function innermostPid(status: string): number | undefined {
  const line = /^NSpid:\s*(.*)$/m.exec(status)?.[1];
  const last = line?.trim().split(/\s+/).at(-1);
  const pid = Number(last);
  return last !== undefined && Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * The host pid of the process known as `pid` inside the PID namespace `namespace` (what its
 * pid files there say), or undefined when no live process matches.
 */
export async function hostPidOf(namespace: string, pid: number): Promise<number | undefined> {
  for (const host of await pidsInPidNamespace(namespace)) {
    const status = await readFile(`/proc/${String(host)}/status`, 'utf8').catch(() => '');
    if (innermostPid(status) === pid) return host;
  }
  return undefined;
}
