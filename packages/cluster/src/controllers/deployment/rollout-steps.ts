import type { KubeObject } from '../../apiserver/json.ts';
import { numberAt } from '../../apiserver/selectors/read-json.ts';
import { deploymentReplicas, isRollingUpdate, maxSurge, maxUnavailable } from './rolling-limits.ts';
import {
  activeOf,
  byCreation,
  desiredReplicasAnnotation,
  intAnnotation,
  maxReplicasAnnotation,
  sumOf,
  type ReplicaSetView,
} from './replica-set-view.ts';

/** New `spec.replicas` by ReplicaSet name. */
export type Sizes = Map<string, number>;

/**
 * The size of the new ReplicaSet for this step (`NewRSNewReplicas`): for a rolling update, grown
 * as far as maxSurge allows above `spec.replicas` counting every ReplicaSet's pods; for Recreate,
 * `spec.replicas` at once.
 */
export function newReplicaSetSize(
  d: KubeObject,
  all: readonly ReplicaSetView[],
  newRS: { readonly replicas: number },
): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d)) return replicas;
  const maxTotal = replicas + maxSurge(d);
  const current = sumOf(all, 'replicas');
  if (current >= maxTotal) return newRS.replicas;
  return newRS.replicas + Math.min(maxTotal - current, replicas - newRS.replicas);
}

/** The new ReplicaSet's next size in a rolling update, or undefined when it is right (`reconcileNewReplicaSet`). */
export function newReplicaSetTarget(
  d: KubeObject,
  all: readonly ReplicaSetView[],
  newRS: ReplicaSetView,
): number | undefined {
  const replicas = deploymentReplicas(d);
  if (newRS.replicas === replicas) return undefined;
  if (newRS.replicas > replicas) return replicas;
  const size = newReplicaSetSize(d, all, newRS);
  return size === newRS.replicas ? undefined : size;
}

/** Scales down old ReplicaSets' unavailable pods first, as far as `maxScaledDown` allows. */
function cleanupUnhealthy(oldActive: readonly ReplicaSetView[], maxScaledDown: number): Sizes {
  const sizes: Sizes = new Map();
  let cleaned = 0;
  for (const rs of [...oldActive].sort(byCreation)) {
    if (cleaned >= maxScaledDown) break;
    if (rs.replicas === 0 || rs.replicas === rs.available) continue;
    const count = Math.min(maxScaledDown - cleaned, rs.replicas - rs.available);
    sizes.set(rs.name, rs.replicas - count);
    cleaned += count;
  }
  return sizes;
}

/**
 * How the old ReplicaSets shrink in this step of a rolling update (`reconcileOldReplicaSets`):
 * never below `spec.replicas - maxUnavailable` available pods, counting the new ReplicaSet's
 * unavailable pods against the budget; unhealthy old pods go first, then the oldest ReplicaSets.
 */
export function oldReplicaSetsScaleDown(
  d: KubeObject,
  options: {
    all: readonly ReplicaSetView[];
    oldActive: readonly ReplicaSetView[];
    newRS: ReplicaSetView;
  },
): Sizes {
  const { all, oldActive, newRS } = options;
  if (sumOf(oldActive, 'replicas') === 0) return new Map();
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const newUnavailable = newRS.replicas - newRS.available;
  const maxScaledDown = sumOf(all, 'replicas') - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return new Map();
  const sizes = cleanupUnhealthy(oldActive, maxScaledDown);
  const available = sumOf([...oldActive, newRS], 'available');
  if (available <= minAvailable) return sizes;
  const budget = available - minAvailable;
  let scaled = 0;
  for (const rs of [...oldActive].sort(byCreation)) {
    const current = sizes.get(rs.name) ?? rs.replicas;
    if (scaled >= budget) break;
    if (current === 0) continue;
    const count = Math.min(current, budget - scaled);
    sizes.set(rs.name, current - count);
    scaled += count;
  }
  return sizes;
}

/** The only active ReplicaSet, or the newest when none is active (`FindActiveOrLatest`). */
function activeOrLatest(
  newRS: ReplicaSetView | undefined,
  old: readonly ReplicaSetView[],
): ReplicaSetView | undefined {
  const newestFirst = [...old].sort((a, b) => byCreation(b, a));
  const active = activeOf([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** Whether the new ReplicaSet runs every replica, all available (`IsSaturated`). */
function isSaturated(d: KubeObject, rs: ReplicaSetView | undefined): boolean {
  const replicas = deploymentReplicas(d);
  return (
    rs !== undefined &&
    rs.replicas === replicas &&
    intAnnotation(rs.annotations, desiredReplicasAnnotation) === replicas &&
    rs.available === replicas
  );
}

/** Whether a ReplicaSet was sized for another `spec.replicas` than the Deployment's (`isScalingEvent`). */
export function isScalingEvent(
  d: KubeObject,
  newRS: ReplicaSetView | undefined,
  old: readonly ReplicaSetView[],
): boolean {
  const replicas = deploymentReplicas(d);
  return activeOf([...old, newRS]).some((rs) => {
    const desired = intAnnotation(rs.annotations, desiredReplicasAnnotation);
    return desired !== undefined && desired !== replicas;
  });
}

function replicaSetFraction(d: KubeObject, rs: ReplicaSetView): number {
  const replicas = deploymentReplicas(d);
  if (replicas === 0) return -rs.replicas;
  const annotated =
    intAnnotation(rs.annotations, maxReplicasAnnotation) ?? numberAt(d, 'status', 'replicas');
  if (annotated === 0) return 0;
  const size = (rs.replicas * (replicas + maxSurge(d))) / annotated;
  return Math.sign(size) * Math.round(Math.abs(size)) - rs.replicas;
}

function proportions(d: KubeObject, ordered: readonly ReplicaSetView[], toAdd: number): Sizes {
  const sizes: Sizes = new Map();
  let added = 0;
  for (const rs of ordered) {
    let proportion = 0;
    if (rs.replicas !== 0 && toAdd !== 0 && toAdd !== added) {
      const fraction = replicaSetFraction(d, rs);
      const allowed = toAdd - added;
      proportion = toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }
    sizes.set(rs.name, rs.replicas + proportion);
    added += proportion;
  }
  const first = ordered[0];
  if (first !== undefined && toAdd !== 0)
    sizes.set(first.name, Math.max(0, (sizes.get(first.name) ?? 0) + toAdd - added));
  return sizes;
}

/** Larger first; among equals the newer first when growing and the older first when shrinking. */
function bySize(growing: boolean): (a: ReplicaSetView, b: ReplicaSetView) => number {
  return (a, b) => {
    if (a.replicas !== b.replicas) return b.replicas - a.replicas;
    return growing ? byCreation(b, a) : byCreation(a, b);
  };
}

/**
 * How a scaled Deployment's ReplicaSets are resized (`DeploymentController.scale`): the only
 * active (or the newest) ReplicaSet takes `spec.replicas`; a saturated new ReplicaSet retires the
 * old ones; otherwise, mid-rollout, the change (bounded by maxSurge) is spread proportionally to
 * each ReplicaSet's share, leftovers to the largest. The sizes include unchanged ReplicaSets, so
 * their replica annotations are brought up to date too.
 */
export function proportionalScale(
  d: KubeObject,
  newRS: ReplicaSetView | undefined,
  old: readonly ReplicaSetView[],
): Sizes {
  const replicas = deploymentReplicas(d);
  const only = activeOrLatest(newRS, old);
  if (only !== undefined) return new Map([[only.name, replicas]]);
  if (isSaturated(d, newRS)) return new Map(activeOf(old).map((rs) => [rs.name, 0]));
  if (!isRollingUpdate(d)) return new Map();
  const active = activeOf([...old, newRS]);
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - sumOf(active, 'replicas');
  return proportions(d, [...active].sort(bySize(toAdd > 0)), toAdd);
}
