import type { KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString } from '../../apiserver/objects/lifecycle.ts';
import { numberAt, objectAt, readPath } from '../../apiserver/selectors/read-json.ts';

/** The annotations and label the Deployment controller keeps on its ReplicaSets. */
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
export const podTemplateHashLabel = 'pod-template-hash';

/** The parts of a ReplicaSet the rollout arithmetic reads. */
export interface ReplicaSetView {
  readonly obj: KubeObject;
  readonly name: string;
  readonly uid: string;
  readonly created: string;
  /** `spec.replicas`. */
  readonly replicas: number;
  /** `status.replicas`: the pods it runs. */
  readonly statusReplicas: number;
  readonly ready: number;
  readonly available: number;
  readonly generation: number;
  readonly observedGeneration: number;
  readonly deleting: boolean;
  readonly annotations: Readonly<Record<string, string>>;
  /** The revision annotation as a number (0 when missing or malformed). */
  readonly revision: number;
}

function annotationsOf(obj: KubeObject): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(objectAt(obj, 'metadata', 'annotations') ?? {}))
    if (typeof v === 'string') result[k] = v;
  return result;
}

/** A non-negative integer annotation, or undefined. */
export function intAnnotation(
  annotations: Readonly<Record<string, string>>,
  key: string,
): number | undefined {
  const value = annotations[key];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Reads a ReplicaSet. */
export function replicaSetView(obj: KubeObject): ReplicaSetView {
  const annotations = annotationsOf(obj);
  const replicas = readPath(obj, 'spec', 'replicas');
  return {
    obj,
    name: metaString(obj, 'name'),
    uid: metaString(obj, 'uid'),
    created: metaString(obj, 'creationTimestamp'),
    replicas: typeof replicas === 'number' ? replicas : 1,
    statusReplicas: numberAt(obj, 'status', 'replicas'),
    ready: numberAt(obj, 'status', 'readyReplicas'),
    available: numberAt(obj, 'status', 'availableReplicas'),
    generation: numberAt(obj, 'metadata', 'generation'),
    observedGeneration: numberAt(obj, 'status', 'observedGeneration'),
    deleting: isDeleting(obj),
    annotations,
    revision: intAnnotation(annotations, revisionAnnotation) ?? 0,
  };
}

/** The sum of one count over ReplicaSets (`GetReplicaCountForReplicaSets` and friends). */
export function sumOf(
  list: readonly (ReplicaSetView | undefined)[],
  field: 'replicas' | 'statusReplicas' | 'ready' | 'available',
): number {
  return list.reduce((sum, rs) => sum + (rs?.[field] ?? 0), 0);
}

/** Oldest first, then by name (`ReplicaSetsByCreationTimestamp`). */
export function byCreation(a: ReplicaSetView, b: ReplicaSetView): number {
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The ReplicaSets that want pods (`FilterActiveReplicaSets`). */
export function activeOf(list: readonly (ReplicaSetView | undefined)[]): ReplicaSetView[] {
  return list.filter((rs): rs is ReplicaSetView => rs !== undefined && rs.replicas > 0);
}
