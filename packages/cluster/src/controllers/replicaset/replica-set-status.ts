import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { labelsOf, timestamp } from '../../apiserver/objects/lifecycle.ts';
import { numberAt, objectAt } from '../../apiserver/selectors/read-json.ts';
import { isPodAvailable, isPodReady, msUntilAvailable } from './is-pod-available.ts';
import { setCount } from './status-patch.ts';

/** What a ReplicaSet's status is computed from. */
export interface ReplicaSetObservation {
  readonly rs: KubeObject;
  /** The active pods the ReplicaSet controls. */
  readonly pods: readonly KubeObject[];
  /** Why creating or deleting pods failed in this sync, if it did. */
  readonly manageError?: string | undefined;
  readonly now: number;
}

function templateLabelsMatch(template: Record<string, string>, pod: KubeObject): boolean {
  const labels = labelsOf(pod);
  return Object.entries(template).every(([k, v]) => labels[k] === v);
}

function stringMap(obj: JsonObject | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj ?? {})) if (typeof v === 'string') result[k] = v;
  return result;
}

function conditionsOf(rs: KubeObject): JsonObject[] {
  const conditions = objectAt(rs, 'status')?.['conditions'];
  return Array.isArray(conditions) ? conditions.filter(isJsonObject) : [];
}

function failureConditions(observation: ReplicaSetObservation): JsonObject[] {
  const { rs, pods, manageError, now } = observation;
  const existing = conditionsOf(rs);
  const hasFailure = existing.some((c) => c['type'] === 'ReplicaFailure');
  if (manageError === undefined) return existing.filter((c) => c['type'] !== 'ReplicaFailure');
  if (hasFailure) return existing;
  const diff = pods.length - numberAt(rs, 'spec', 'replicas');
  const failure: JsonObject = {
    type: 'ReplicaFailure',
    status: 'True',
    lastTransitionTime: timestamp(now),
    reason: diff < 0 ? 'FailedCreate' : 'FailedDelete',
    message: manageError,
  };
  return [...existing, failure];
}

/**
 * A ReplicaSet's status (`calculateStatus`): replicas (its active pods), fullyLabeledReplicas
 * (pods carrying every template label), readyReplicas, availableReplicas (ready for
 * minReadySeconds), observedGeneration, and a `ReplicaFailure` condition while creating or
 * deleting pods fails. Zero counts are left out, as upstream's JSON does.
 */
export function replicaSetStatus(observation: ReplicaSetObservation): JsonObject {
  const { rs, pods, now } = observation;
  const minReady = numberAt(rs, 'spec', 'minReadySeconds');
  const templateLabels = stringMap(objectAt(rs, 'spec', 'template', 'metadata', 'labels'));
  const status: JsonObject = { replicas: pods.length };
  setCount(
    status,
    'fullyLabeledReplicas',
    pods.filter((p) => templateLabelsMatch(templateLabels, p)).length,
  );
  setCount(status, 'readyReplicas', pods.filter(isPodReady).length);
  setCount(
    status,
    'availableReplicas',
    pods.filter((p) => isPodAvailable(p, minReady, now)).length,
  );
  const generation = numberAt(rs, 'metadata', 'generation');
  if (generation !== 0) status['observedGeneration'] = generation;
  const conditions = failureConditions(observation);
  if (conditions.length > 0) status['conditions'] = conditions;
  return status;
}

/** When a ready pod next becomes available by minReadySeconds, in ms from now, if any will. */
export function nextAvailabilityCheck(
  pods: readonly KubeObject[],
  minReadySeconds: number,
  now: number,
): number | undefined {
  const waits = pods
    .map((p) => msUntilAvailable(p, minReadySeconds, now))
    .filter((ms): ms is number => ms !== undefined && ms > 0);
  return waits.length === 0 ? undefined : Math.min(...waits);
}
