import type { Pod } from '../workloads/pod.ts';

/** The pod phases, in the order the Overview shows them. */
export const podPhases = ['Running', 'Pending', 'Succeeded', 'Failed', 'Unknown'] as const;

/** One of {@link podPhases}. */
export type PodPhase = (typeof podPhases)[number];

/** How many pods are in one phase. */
export interface PhaseCount {
  readonly phase: PodPhase;
  readonly count: number;
}

function phaseOf(pod: Pod): PodPhase {
  const phase = pod.status?.phase;
  return podPhases.find((candidate) => candidate === phase) ?? 'Unknown';
}

/** The pods counted by `status.phase`, every phase listed (a missing or odd phase is Unknown). */
export function podPhaseCounts(pods: readonly Pod[]): PhaseCount[] {
  const counts = new Map<PodPhase, number>();
  for (const pod of pods) {
    const phase = phaseOf(pod);
    counts.set(phase, (counts.get(phase) ?? 0) + 1);
  }
  return podPhases.map((phase) => ({ phase, count: counts.get(phase) ?? 0 }));
}
