import { isJsonObject, type KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { objectAt, stringAt } from '../../apiserver/selectors/read-json.ts';
import { isPodReady, podPhase, podReadySince } from './is-pod-available.ts';

const phaseOrder: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: KubeObject): number {
  const statuses = objectAt(pod, 'status')?.['containerStatuses'];
  if (!Array.isArray(statuses)) return 0;
  return Math.max(
    0,
    ...statuses.filter(isJsonObject).map((s) => {
      const count = s['restartCount'];
      return typeof count === 'number' ? count : 0;
    }),
  );
}

interface Ranked {
  readonly pod: KubeObject;
  readonly node: string;
  readonly phase: number;
  readonly ready: boolean;
  readonly readySince: number;
  readonly colocated: number;
  readonly restarts: number;
  readonly created: string;
}

/** Negative when `a` should go before `b`, for each criterion in order. */
const criteria: readonly ((a: Ranked, b: Ranked) => number)[] = [
  (a, b) => Number(a.node !== '') - Number(b.node !== ''),
  (a, b) => a.phase - b.phase,
  (a, b) => Number(a.ready) - Number(b.ready),
  (a, b) => b.colocated - a.colocated,
  (a, b) => (a.ready && b.ready ? b.readySince - a.readySince : 0),
  (a, b) => b.restarts - a.restarts,
  (a, b) => (a.created === b.created ? 0 : a.created > b.created ? -1 : 1),
];

function compareRanked(a: Ranked, b: Ranked): number {
  for (const criterion of criteria) {
    const order = criterion(a, b);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * The `count` pods to delete first, in upstream's order (`ActivePodsWithRanks`): unscheduled
 * before scheduled, Pending before Unknown before Running, not ready before ready, pods sharing a
 * node with more of their siblings first, the most recently ready first, more restarts first, and
 * the newest first.
 */
export function podsToDelete(pods: readonly KubeObject[], count: number): KubeObject[] {
  const perNode = new Map<string, number>();
  for (const pod of pods) {
    const node = stringAt(pod, 'spec', 'nodeName');
    perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod): Ranked => {
    const node = stringAt(pod, 'spec', 'nodeName');
    return {
      pod,
      node,
      phase: phaseOrder[podPhase(pod)] ?? 0,
      ready: isPodReady(pod),
      readySince: podReadySince(pod) ?? 0,
      colocated: node === '' ? 0 : (perNode.get(node) ?? 0),
      restarts: restarts(pod),
      created: metaString(pod, 'creationTimestamp'),
    };
  });
  return ranked
    .sort(compareRanked)
    .slice(0, Math.max(0, count))
    .map((r) => r.pod);
}
