import type { KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import {
  toleratesTaint,
  tolerationsOf,
  type Taint,
  type Toleration,
} from '../scheduler/tolerates-taint.ts';
import { notReadyTaintKey, unreachableTaintKey } from './node-health.ts';

function timeOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A pod's tolerations with the DefaultTolerationSeconds admission plugin's additions: a pod that
 * does not tolerate the `not-ready` or `unreachable` NoExecute taint tolerates it for `seconds`.
 */
export function withDefaultTolerations(pod: KubeObject, seconds: number): Toleration[] {
  const tolerations = tolerationsOf(pod);
  const defaults = [notReadyTaintKey, unreachableTaintKey].flatMap((key) => {
    const taint: Taint = { key, value: '', effect: 'NoExecute' };
    return tolerations.some((t) => toleratesTaint(t, taint))
      ? []
      : [{ key, operator: 'Exists', value: '', effect: 'NoExecute', tolerationSeconds: seconds }];
  });
  return [...tolerations, ...defaults];
}

/**
 * When the taint manager evicts a pod from a node with these taints (ms since the epoch), or
 * undefined when it never does: at once when some NoExecute taint is not tolerated; otherwise the
 * smallest `tolerationSeconds` among the first toleration of each NoExecute taint, counted from
 * when the tainting began (the earliest `timeAdded`, else `taintedSince`) or from the pod's
 * creation when later; never when none of those tolerations has a time limit.
 */
export function evictionTime(
  pod: KubeObject,
  taints: readonly Taint[],
  options: { readonly defaultTolerationSeconds: number; readonly taintedSince: number },
): number | undefined {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return undefined;
  const tolerations = withDefaultTolerations(pod, options.defaultTolerationSeconds);
  let limit = Infinity;
  for (const taint of noExecute) {
    const used = tolerations.find((t) => toleratesTaint(t, taint));
    if (used === undefined) return 0;
    if (used.tolerationSeconds !== undefined)
      limit = Math.min(limit, Math.max(0, used.tolerationSeconds));
  }
  if (limit === Infinity) return undefined;
  const added = noExecute.map((t) => timeOf(t.timeAdded) ?? options.taintedSince);
  const start = Math.max(Math.min(...added), timeOf(metaString(pod, 'creationTimestamp')) ?? 0);
  return start + limit * 1000;
}
