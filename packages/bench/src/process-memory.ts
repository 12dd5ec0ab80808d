import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  readonly pid: number;
  /** The command name from /proc/PID/comm. */
  readonly command: string;
  /** Resident set size: counts shared pages (libraries) in every process that maps them. */
  readonly rssKiB: number;
  /** Proportional set size: shared pages split between the processes that map them. */
  readonly pssKiB: number;
}

function kiB(text: string, field: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN);
}

/** RSS and PSS of one process, or undefined when it is gone (or not readable). */
export function readProcessMemory(pid: number): ProcessMemory | undefined {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    const rollup = readFileSync(`/proc/${String(pid)}/smaps_rollup`, 'utf8');
    const command = readFileSync(`/proc/${String(pid)}/comm`, 'utf8').trim();
    return { pid, command, rssKiB: kiB(status, 'VmRSS'), pssKiB: kiB(rollup, 'Pss') };
  } catch {
    return undefined;
  }
}
