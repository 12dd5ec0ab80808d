import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** CPU time counters of /proc/stat's aggregate line, in clock ticks. */
export interface CpuTimes {
  readonly busy: number;
  readonly idle: number;
  readonly steal: number;
  readonly total: number;
}

/** Share of the machine's CPU time over an interval (0–1 of all cores). */
export interface CpuShare {
  readonly busy: number;
  /** Time the hypervisor gave to other guests: the host itself was contended. */
  readonly steal: number;
}

/** Parses the aggregate `cpu` line of /proc/stat. */
export function parseCpuTimes(stat: string): CpuTimes {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) throw new Error('/proc/stat has no aggregate cpu line');
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq;
  return { busy, idle: idle + iowait, steal, total: busy + idle + iowait + steal };
}

/** The share of CPU time that was busy and stolen between two readings. */
export function cpuShare(before: CpuTimes, after: CpuTimes): CpuShare {
  const total = after.total - before.total;
  if (total <= 0) return { busy: 0, steal: 0 };
  return { busy: (after.busy - before.busy) / total, steal: (after.steal - before.steal) / total };
}

/** Reads /proc/stat now. */
export function readCpuTimes(): CpuTimes {
  return parseCpuTimes(readFileSync('/proc/stat', 'utf8'));
}

/** The 1-minute load average from /proc/loadavg. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? Number.NaN);
}

/** The machine's CPU share over `ms` milliseconds while this process waits: the background load. */
export async function measureBackground(ms: number): Promise<CpuShare> {
  const before = readCpuTimes();
  await sleep(ms);
  return cpuShare(before, readCpuTimes());
}
