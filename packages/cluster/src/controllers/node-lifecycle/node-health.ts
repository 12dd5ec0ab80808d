import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { metaString, timestamp } from '../../apiserver/objects/lifecycle.ts';
import { taintsOf, type Taint } from '../scheduler/tolerates-taint.ts';
import { conditionOf, nodeReadyStatus } from './node-conditions.ts';

/** The taint keys the node lifecycle controller owns. */
export const notReadyTaintKey = 'node.kubernetes.io/not-ready';
export const unreachableTaintKey = 'node.kubernetes.io/unreachable';

/** The conditions the controller marks Unknown when the kubelet falls silent (upstream's list). */
const monitoredConditions = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * When the node last showed life (ms): the latest of its Lease's `renewTime`, its Ready
 * condition's `lastHeartbeatTime` and `notBefore` (the controller's start, so that a restarted
 * control plane gives agents a full grace period, as upstream's local probe times do).
 */
export function lastHeartbeat(
  node: KubeObject,
  lease: KubeObject | undefined,
  notBefore: number,
): number {
  const spec = lease !== undefined && isJsonObject(lease['spec']) ? lease['spec'] : {};
  const renewed = timeOf(spec['renewTime']) ?? 0;
  const posted = timeOf(conditionOf(node, 'Ready')?.['lastHeartbeatTime']) ?? 0;
  return Math.max(renewed, posted, notBefore);
}

/**
 * The conditions of a silent node, as the node lifecycle controller rewrites them: Ready and
 * the pressure conditions become `Unknown` (reason `NodeStatusUnknown`, "Kubelet stopped posting
 * node status."; a condition never posted gets `NodeStatusNeverUpdated`). Only the changed
 * conditions are returned (to merge by type); none when they are all Unknown already.
 */
export function silentNodeConditions(node: KubeObject, now: number): JsonObject[] {
  const changed: JsonObject[] = [];
  for (const type of monitoredConditions) {
    const current = conditionOf(node, type);
    if (current?.['status'] === 'Unknown') continue;
    changed.push(
      current === undefined
        ? {
            type,
            status: 'Unknown',
            reason: 'NodeStatusNeverUpdated',
            message: 'Kubelet never posted node status.',
            lastHeartbeatTime: metaString(node, 'creationTimestamp'),
            lastTransitionTime: timestamp(now),
          }
        : {
            ...current,
            status: 'Unknown',
            reason: 'NodeStatusUnknown',
            message: 'Kubelet stopped posting node status.',
            lastTransitionTime: timestamp(now),
          },
    );
  }
  return changed;
}

/**
 * The taints a node should carry for its readiness (pure): its own taints except the controller's,
 * plus `not-ready` (Ready False) or `unreachable` (Ready Unknown) with effects NoSchedule and
 * NoExecute; a NoExecute taint keeps the `timeAdded` it already had (eviction counts from it).
 * A Ready node, or one that never reported, carries none of them.
 */
export function desiredNodeTaints(node: KubeObject, now: number): Taint[] {
  const current = taintsOf(node);
  const own = (t: Taint): boolean => t.key === notReadyTaintKey || t.key === unreachableTaintKey;
  const kept = current.filter((t) => !own(t));
  const ready = nodeReadyStatus(node);
  if (ready === 'True' || conditionOf(node, 'Ready') === undefined) return kept;
  const key = ready === 'Unknown' ? unreachableTaintKey : notReadyTaintKey;
  const since = current.find((t) => t.key === key && t.effect === 'NoExecute')?.timeAdded;
  return [
    ...kept,
    { key, value: '', effect: 'NoSchedule' },
    { key, value: '', effect: 'NoExecute', timeAdded: since ?? timestamp(now) },
  ];
}

/** A taint as written in `spec.taints` (empty fields left out). */
export function taintJson(taint: Taint): JsonObject {
  return {
    key: taint.key,
    ...(taint.value === '' ? {} : { value: taint.value }),
    effect: taint.effect,
    ...(taint.timeAdded === undefined ? {} : { timeAdded: taint.timeAdded }),
  };
}
