import type { KubeObject } from '../../apiserver/json.ts';
import { objectAt } from '../../apiserver/selectors/read-json.ts';
import { deploymentReplicas, maxSurge } from './rolling-limits.ts';
import {
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  revisionAnnotation,
  revisionHistoryAnnotation,
  type ReplicaSetView,
} from './replica-set-view.ts';

/** Deployment annotations that are not copied onto its ReplicaSets. */
const notCopied = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  'deprecated.deployment.rollback.to',
]);

/** The upper bound of the revision-history annotation's length. */
const maxRevisionHistoryChars = 2000;

/** The highest revision among ReplicaSets (`MaxRevision`). */
export function maxRevision(list: readonly ReplicaSetView[]): number {
  return Math.max(0, ...list.map((rs) => rs.revision));
}

/** The replica annotations a ReplicaSet carries for this Deployment (`SetReplicasAnnotations`). */
export function replicasAnnotations(d: KubeObject): Record<string, string> {
  const replicas = deploymentReplicas(d);
  return {
    [desiredReplicasAnnotation]: String(replicas),
    [maxReplicasAnnotation]: String(replicas + maxSurge(d)),
  };
}

function deploymentAnnotations(d: KubeObject): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(objectAt(d, 'metadata', 'annotations') ?? {}))
    if (typeof v === 'string' && !notCopied.has(k)) result[k] = v;
  return result;
}

function appendHistory(history: string | undefined, revision: string): string {
  const revisions = history === undefined || history === '' ? [] : history.split(',');
  revisions.push(revision);
  while (revisions.join(',').length > maxRevisionHistoryChars && revisions.length > 1)
    revisions.shift();
  return revisions.join(',');
}

/**
 * The annotations of the Deployment's new ReplicaSet (`SetNewReplicaSetAnnotations`): the
 * Deployment's own (except kubectl's and the controller's), the revision raised to `revision`
 * (keeping the earlier revision in `revision-history` when an old ReplicaSet is reused, as in a
 * rollback), and on creation the replica annotations.
 */
export function newReplicaSetAnnotations(
  d: KubeObject,
  current: Readonly<Record<string, string>>,
  options: { revision: number; creating: boolean },
): Record<string, string> {
  const next: Record<string, string> = { ...current, ...deploymentAnnotations(d) };
  const old = current[revisionAnnotation];
  const oldRevision = old === undefined ? 0 : Number(old);
  if (Number.isInteger(oldRevision) && oldRevision < options.revision) {
    next[revisionAnnotation] = String(options.revision);
    if (old !== undefined)
      next[revisionHistoryAnnotation] = appendHistory(current[revisionHistoryAnnotation], old);
  }
  if (options.creating) Object.assign(next, replicasAnnotations(d));
  return next;
}
