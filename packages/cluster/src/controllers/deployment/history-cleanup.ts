import type { KubeObject } from '../../apiserver/json.ts';
import { readPath } from '../../apiserver/selectors/read-json.ts';
import { byCreation, type ReplicaSetView } from './replica-set-view.ts';

/**
 * The old ReplicaSets beyond `spec.revisionHistoryLimit` to delete (`cleanupDeployment`): the
 * lowest revisions first, skipping any that still has pods, wants pods, has an unobserved
 * generation or is already being deleted.
 */
export function historyToDelete(d: KubeObject, old: readonly ReplicaSetView[]): ReplicaSetView[] {
  const limit = readPath(d, 'spec', 'revisionHistoryLimit');
  if (typeof limit !== 'number' || limit === 2147483647) return [];
  const alive = old.filter((rs) => !rs.deleting);
  const excess = alive.length - limit;
  if (excess <= 0) return [];
  return [...alive]
    .sort((a, b) => a.revision - b.revision || byCreation(a, b))
    .slice(0, excess)
    .filter(
      (rs) =>
        rs.statusReplicas === 0 && rs.replicas === 0 && rs.generation <= rs.observedGeneration,
    );
}
