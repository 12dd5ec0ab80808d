import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { numberAt, stringAt } from '../../apiserver/selectors/read-json.ts';
import { setCount } from '../replicaset/status-patch.ts';
import {
  conditionsOf,
  findCondition,
  hasProgressDeadline,
  newCondition,
  reasons,
  removeCondition,
  setCondition,
} from './deployment-conditions.ts';
import { deploymentReplicas, maxUnavailable } from './rolling-limits.ts';
import { sumOf, type ReplicaSetView } from './replica-set-view.ts';

/** What a Deployment's status is computed from. */
export interface DeploymentObservation {
  readonly d: KubeObject;
  readonly all: readonly ReplicaSetView[];
  readonly newRS: ReplicaSetView | undefined;
  /** The conditions as this sync left them (created/found new ReplicaSet, paused…). */
  readonly conditions: readonly JsonObject[];
  readonly collisionCount: number | undefined;
  readonly now: number;
}

/** The counts kubectl reads. */
function counts(status: JsonObject, key: string): number {
  const value = status[key];
  return typeof value === 'number' ? value : 0;
}

/**
 * A Deployment's status without rollout progress (`calculateStatus`): replica counts summed over
 * its ReplicaSets, observedGeneration, the conditions given plus `Available` (True while at least
 * `spec.replicas - maxUnavailable` pods are available), and collisionCount.
 */
export function deploymentStatus(observation: DeploymentObservation): JsonObject {
  const { d, all, newRS, now } = observation;
  const available = sumOf(all, 'available');
  const status: JsonObject = { observedGeneration: numberAt(d, 'metadata', 'generation') };
  setCount(status, 'replicas', sumOf(all, 'statusReplicas'));
  setCount(status, 'updatedReplicas', newRS?.statusReplicas ?? 0);
  setCount(status, 'readyReplicas', sumOf(all, 'ready'));
  setCount(status, 'availableReplicas', available);
  setCount(status, 'unavailableReplicas', Math.max(0, sumOf(all, 'replicas') - available));
  const enough = available >= deploymentReplicas(d) - maxUnavailable(d);
  const availability = enough
    ? ({
        status: 'True',
        reason: reasons.minimumReplicasAvailable,
        message: 'Deployment has minimum availability.',
      } as const)
    : ({
        status: 'False',
        reason: reasons.minimumReplicasUnavailable,
        message: 'Deployment does not have minimum availability.',
      } as const);
  status['conditions'] = setCondition(
    observation.conditions,
    newCondition({ type: 'Available', ...availability }, now),
  );
  if (observation.collisionCount !== undefined)
    status['collisionCount'] = observation.collisionCount;
  return status;
}

/** Whether the rollout is done: every replica updated and available (`DeploymentComplete`). */
export function deploymentComplete(d: KubeObject, status: JsonObject): boolean {
  const replicas = deploymentReplicas(d);
  return (
    counts(status, 'updatedReplicas') === replicas &&
    counts(status, 'replicas') === replicas &&
    counts(status, 'availableReplicas') === replicas &&
    counts(status, 'observedGeneration') >= numberAt(d, 'metadata', 'generation')
  );
}

/** Whether the new status shows progress over the stored one (`DeploymentProgressing`). */
function progressed(d: KubeObject, status: JsonObject): boolean {
  const before = (key: string): number => numberAt(d, 'status', key);
  const oldBefore = before('replicas') - before('updatedReplicas');
  const oldNow = counts(status, 'replicas') - counts(status, 'updatedReplicas');
  return (
    counts(status, 'updatedReplicas') > before('updatedReplicas') ||
    oldNow < oldBefore ||
    counts(status, 'readyReplicas') > before('readyReplicas') ||
    counts(status, 'availableReplicas') > before('availableReplicas')
  );
}

/** Whether the Progressing condition has not moved for progressDeadlineSeconds (`DeploymentTimedOut`). */
function timedOut(d: KubeObject, conditions: readonly JsonObject[], now: number): boolean {
  const condition = findCondition(conditions, 'Progressing');
  if (condition === undefined || condition['reason'] === reasons.newReplicaSetAvailable)
    return false;
  if (condition['reason'] === reasons.progressDeadlineExceeded) return true;
  const from = Date.parse(stringAt(condition, 'lastUpdateTime'));
  return from + numberAt(d, 'spec', 'progressDeadlineSeconds') * 1000 < now;
}

function subject(observation: DeploymentObservation): string {
  const { d, newRS } = observation;
  return newRS === undefined
    ? `Deployment "${metaString(d, 'name')}"`
    : `ReplicaSet "${newRS.name}"`;
}

function progressConditions(
  observation: DeploymentObservation,
  status: JsonObject,
  conditions: JsonObject[],
): JsonObject[] {
  const { d, now } = observation;
  const current = findCondition(observation.conditions, 'Progressing');
  const complete =
    counts(status, 'replicas') === counts(status, 'updatedReplicas') &&
    current?.['reason'] === reasons.newReplicaSetAvailable;
  if (!hasProgressDeadline(d) || complete) return conditions;
  const progressing = (status: 'True' | 'False', reason: string, message: string): JsonObject =>
    newCondition({ type: 'Progressing', status, reason, message }, now);
  if (deploymentComplete(d, status))
    return setCondition(
      conditions,
      progressing(
        'True',
        reasons.newReplicaSetAvailable,
        `${subject(observation)} has successfully progressed.`,
      ),
    );
  if (progressed(d, status)) {
    const condition = progressing(
      'True',
      reasons.replicaSetUpdated,
      `${subject(observation)} is progressing.`,
    );
    if (current?.['status'] === 'True')
      condition['lastTransitionTime'] = current['lastTransitionTime'] ?? null;
    return [...removeCondition(conditions, 'Progressing'), condition];
  }
  if (timedOut(d, conditions, now))
    return setCondition(
      conditions,
      progressing(
        'False',
        reasons.progressDeadlineExceeded,
        `${subject(observation)} has timed out progressing.`,
      ),
    );
  return conditions;
}

/** The ReplicaFailure of the new ReplicaSet, else of any ReplicaSet, as a deployment condition. */
function replicaFailure(observation: DeploymentObservation): JsonObject | undefined {
  const { newRS, all } = observation;
  for (const rs of [newRS, ...all]) {
    const failure =
      rs === undefined ? undefined : findCondition(conditionsOf(rs.obj), 'ReplicaFailure');
    if (failure !== undefined)
      return { ...failure, lastUpdateTime: failure['lastTransitionTime'] ?? null };
  }
  return undefined;
}

/**
 * A Deployment's status during a rollout (`syncRolloutStatus`): {@link deploymentStatus} plus the
 * Progressing condition (NewReplicaSetAvailable once complete, ReplicaSetUpdated with a fresh
 * lastUpdateTime whenever the counts move, ProgressDeadlineExceeded when they have not moved
 * for progressDeadlineSeconds) and the ReplicaSets' ReplicaFailure.
 */
export function rolloutStatus(observation: DeploymentObservation): JsonObject {
  const status = deploymentStatus(observation);
  let conditions = conditionsOf({ ...observation.d, status });
  if (!hasProgressDeadline(observation.d)) conditions = removeCondition(conditions, 'Progressing');
  conditions = progressConditions(observation, status, conditions);
  const failure = replicaFailure(observation);
  conditions =
    failure === undefined
      ? removeCondition(conditions, 'ReplicaFailure')
      : setCondition(conditions, failure);
  return { ...status, conditions };
}

/** When to look at a rollout again for its progress deadline, in ms (`requeueStuckDeployment`). */
export function progressRecheck(
  d: KubeObject,
  status: JsonObject,
  now: number,
): number | undefined {
  if (!hasProgressDeadline(d) || deploymentComplete(d, status)) return undefined;
  const condition = findCondition(conditionsOf({ ...d, status }), 'Progressing');
  if (condition === undefined || condition['reason'] === reasons.progressDeadlineExceeded)
    return undefined;
  const deadline =
    Date.parse(stringAt(condition, 'lastUpdateTime')) +
    numberAt(d, 'spec', 'progressDeadlineSeconds') * 1000;
  return Math.max(0, deadline - now) + 1000;
}
