/** Why one node cannot take a pod: the failing filter's reasons, and whether preemption could help. */
export interface NodeFailure {
  readonly reasons: readonly string[];
  /** True for a shortage of resources (evicting lower-priority pods could help), false otherwise. */
  readonly resolvable: boolean;
}

/** kube-scheduler's wording when the cluster has no nodes at all. */
export const noNodesMessage = 'no nodes available to schedule pods';

/** `2 node(s) …, 1 Insufficient cpu`: reasons counted, then sorted as strings (as Go's sort.Strings). */
function histogram(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts]
    .map(([reason, n]) => `${String(n)} ${reason}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join(', ');
}

/**
 * kube-scheduler's FitError message, e.g. `0/2 nodes are available: 1 Insufficient cpu, 1 node(s)
 * didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 1 No preemption
 * victims found for incoming pod, 1 Preemption is not helpful for scheduling.` (This scheduler
 * never preempts, so a resource shortage always finds no victims.)
 */
export function fitErrorMessage(totalNodes: number, failures: readonly NodeFailure[]): string {
  if (totalNodes === 0) return noNodesMessage;
  const available = `0/${String(totalNodes)} nodes are available`;
  const filters = histogram(failures.flatMap((f) => f.reasons));
  const preemption = histogram(
    failures.map((f) =>
      f.resolvable
        ? 'No preemption victims found for incoming pod'
        : 'Preemption is not helpful for scheduling',
    ),
  );
  return `${available}: ${filters}. preemption: ${available}: ${preemption}.`;
}
