import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { isDeleting } from '../../apiserver/objects/lifecycle.ts';
import { objectAt, stringAt } from '../../apiserver/selectors/read-json.ts';

/** The pod's `Ready` condition, if reported. */
function readyCondition(pod: KubeObject): JsonObject | undefined {
  const conditions = objectAt(pod, 'status')?.['conditions'];
  if (!Array.isArray(conditions)) return undefined;
  return conditions.filter(isJsonObject).find((c) => c['type'] === 'Ready');
}

/** Whether the pod's `Ready` condition is `True`. */
export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.['status'] === 'True';
}

/** The pod's phase (`Pending` when not reported). */
export function podPhase(pod: KubeObject): string {
  return stringAt(pod, 'status', 'phase') || 'Pending';
}

/** Whether a pod counts as a replica: not being deleted and not finished (`FilterActivePods`). */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !isDeleting(pod);
}

/** When the pod last became ready (ms since the epoch), or undefined when it is not ready. */
export function podReadySince(pod: KubeObject): number | undefined {
  const condition = readyCondition(pod);
  if (condition?.['status'] !== 'True') return undefined;
  const since = condition['lastTransitionTime'];
  const ms = typeof since === 'string' ? Date.parse(since) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * Whether a pod is available: ready for at least `minReadySeconds` (`podutil.IsPodAvailable`;
 * a ready pod without a transition time is available only when minReadySeconds is 0).
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  return msUntilAvailable(pod, minReadySeconds, now) === 0;
}

/**
 * How long until a ready pod becomes available (0 when it is; undefined when it is not ready, or
 * ready without a transition time and so never available by the clock).
 */
export function msUntilAvailable(
  pod: KubeObject,
  minReadySeconds: number,
  now: number,
): number | undefined {
  const since = podReadySince(pod);
  if (since === undefined) return undefined;
  if (minReadySeconds <= 0) return 0;
  if (since === 0) return undefined;
  const at = since + minReadySeconds * 1000;
  return at < now ? 0 : at - now + 1;
}
