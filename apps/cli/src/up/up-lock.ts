import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a running `podvisor up` records its pid. */
export function upPidFile(dataDir: string): string {
  return join(dataDir, 'up.pid');
}

/** Whether `pid` is a live `podvisor up` process (not a reused pid of something else). */
function isUpProcess(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.endsWith('podvisor.js')) && cmdline.includes('up');
  } catch {
    return false;
  }
}

/** The pid of the `podvisor up` running on `dataDir`, if one runs. */
export function runningUpPid(dataDir: string): number | undefined {
  const file = upPidFile(dataDir);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isUpProcess(pid)
    ? pid
    : undefined;
}

/** Thrown when another `podvisor up` already runs on the data dir. */
export class AlreadyRunningError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `Podvisor is already running on ${dataDir} (pid ${String(pid)}). Its console URL is in ` +
        `${join(dataDir, 'console-url')}; stop it with: npx podvisor down --data-dir ${dataDir}`,
    );
    this.name = 'AlreadyRunningError';
  }
}

/**
 * Claims the data dir for this process: refuses when a live `podvisor up` holds it, replaces the
 * pid file of one that died (kill -9) and returns the release function.
 */
export function claimDataDir(dataDir: string): () => void {
  const other = runningUpPid(dataDir);
  if (other !== undefined) throw new AlreadyRunningError(dataDir, other);
  mkdirSync(dataDir, { recursive: true });
  // The pid file of a process that died is replaced; `wx` makes two racing claims fail one.
  rmSync(upPidFile(dataDir), { force: true });
  try {
    writeFileSync(upPidFile(dataDir), `${String(process.pid)}\n`, { flag: 'wx' });
  } catch {
    throw new AlreadyRunningError(dataDir, runningUpPid(dataDir) ?? 0);
  }
  return () => {
    if (runningUpPid(dataDir) === undefined) rmSync(upPidFile(dataDir), { force: true });
  };
}
