/** A run of consecutive ports; `end` only when the run has more than one port. */
export interface PortRange {
  readonly start: number;
  readonly end?: number;
}

/** Sorts and de-duplicates ports and folds consecutive ones into ranges (80, 443, 8080-8082). */
export function portRanges(ports: readonly number[]): PortRange[] {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const runs: { start: number; end: number }[] = [];
  for (const port of sorted) {
    const last = runs.at(-1);
    if (last !== undefined && last.end + 1 === port) last.end = port;
    else runs.push({ start: port, end: port });
  }
  return runs.map((run) => (run.end === run.start ? { start: run.start } : run));
}
