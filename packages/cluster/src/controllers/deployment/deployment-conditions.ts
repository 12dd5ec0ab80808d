import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { timestamp } from '../../apiserver/objects/lifecycle.ts';
import { objectAt, readPath, stringAt } from '../../apiserver/selectors/read-json.ts';

/** The Progressing and Available reasons `kubectl rollout status` and users read. */
export const reasons = {
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  progressDeadlineExceeded: 'ProgressDeadlineExceeded',
  replicaSetCreateError: 'ReplicaSetCreateError',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** A deployment condition, stamped `now` (`NewDeploymentCondition`). */
export function newCondition(
  fields: { type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message: string },
  now: number,
): JsonObject {
  const at = timestamp(now);
  return { ...fields, lastUpdateTime: at, lastTransitionTime: at };
}

/** The conditions of an object's status. */
export function conditionsOf(obj: KubeObject): JsonObject[] {
  const list = objectAt(obj, 'status')?.['conditions'];
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

/** The condition of `type`, if present. */
export function findCondition(
  conditions: readonly JsonObject[],
  type: string,
): JsonObject | undefined {
  return conditions.find((c) => c['type'] === type);
}

/** The conditions without the one of `type`. */
export function removeCondition(conditions: readonly JsonObject[], type: string): JsonObject[] {
  return conditions.filter((c) => c['type'] !== type);
}

/**
 * Sets a condition (`SetDeploymentCondition`): a no-op when one of the same type has the same
 * status and reason; otherwise it replaces it (moved last), keeping lastTransitionTime when only
 * the reason changed.
 */
export function setCondition(
  conditions: readonly JsonObject[],
  condition: JsonObject,
): JsonObject[] {
  const current = findCondition(conditions, stringAt(condition, 'type'));
  if (
    current !== undefined &&
    current['status'] === condition['status'] &&
    current['reason'] === condition['reason']
  )
    return [...conditions];
  const next =
    current !== undefined && current['status'] === condition['status']
      ? { ...condition, lastTransitionTime: current['lastTransitionTime'] ?? null }
      : condition;
  return [...removeCondition(conditions, stringAt(condition, 'type')), next];
}

/** Whether the Deployment has a progress deadline (`HasProgressDeadline`). */
export function hasProgressDeadline(d: KubeObject): boolean {
  const seconds = readPath(d, 'spec', 'progressDeadlineSeconds');
  return typeof seconds === 'number' && seconds !== 2147483647;
}

/**
 * The Progressing condition a pause or resume sets (`checkPausedConditions`): Unknown with
 * DeploymentPaused/DeploymentResumed, unless the rollout has already timed out.
 */
export function pausedConditions(
  d: KubeObject,
  conditions: readonly JsonObject[],
  now: number,
): JsonObject[] {
  if (!hasProgressDeadline(d)) return [...conditions];
  const reason = findCondition(conditions, 'Progressing')?.['reason'];
  if (reason === reasons.progressDeadlineExceeded) return [...conditions];
  const paused = readPath(d, 'spec', 'paused') === true;
  const pausedRecorded = reason === reasons.paused;
  if (paused && !pausedRecorded)
    return setCondition(
      conditions,
      newCondition(
        {
          type: 'Progressing',
          status: 'Unknown',
          reason: reasons.paused,
          message: 'Deployment is paused',
        },
        now,
      ),
    );
  if (!paused && pausedRecorded)
    return setCondition(
      conditions,
      newCondition(
        {
          type: 'Progressing',
          status: 'Unknown',
          reason: reasons.resumed,
          message: 'Deployment is resumed',
        },
        now,
      ),
    );
  return [...conditions];
}
