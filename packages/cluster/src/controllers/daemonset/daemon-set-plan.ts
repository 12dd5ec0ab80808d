import type { KubeObject } from '../../apiserver/json.ts';
import { isDeleting, labelsOf, metaString } from '../../apiserver/objects/lifecycle.ts';
import { numberAt, readPath, stringAt } from '../../apiserver/selectors/read-json.ts';
import { scaledValue } from '../deployment/rolling-limits.ts';
import { isPodAvailable, isPodReady, podPhase } from '../replicaset/is-pod-available.ts';
import { targetNodeOf } from './daemon-pod-spec.ts';
import { nodeShouldRunDaemonPod, type NodeVerdict } from './node-should-run.ts';

/** The label carrying the template hash a DaemonSet pod was created from. */
export const revisionHashLabel = 'controller-revision-hash';

/** What one DaemonSet sync sees. */
export interface DaemonSetObservation {
  readonly ds: KubeObject;
  readonly nodes: readonly KubeObject[];
  /** The DaemonSet's pods by the node they are for. */
  readonly nodeToPods: ReadonlyMap<string, readonly KubeObject[]>;
  /** The hash of the current template. */
  readonly hash: string;
  readonly now: number;
}

/** Pods to create (one per node name) and pods to delete. */
export interface DaemonSetPlan {
  readonly create: string[];
  readonly delete: KubeObject[];
}

/** Groups pods by the node they are for; pods that name no node are left out. */
export function groupByNode(pods: readonly KubeObject[]): Map<string, KubeObject[]> {
  const map = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const node = targetNodeOf(pod);
    if (node !== undefined) map.set(node, [...(map.get(node) ?? []), pod]);
  }
  return map;
}

/** Bound pods first, then the oldest (`podByCreationTimestampAndPhase`). */
export function byAge(a: KubeObject, b: KubeObject): number {
  const boundA = stringAt(a, 'spec', 'nodeName') !== '';
  const boundB = stringAt(b, 'spec', 'nodeName') !== '';
  if (boundA !== boundB) return boundA ? -1 : 1;
  const [ca, cb] = [metaString(a, 'creationTimestamp'), metaString(b, 'creationTimestamp')];
  if (ca !== cb) return ca < cb ? -1 : 1;
  return metaString(a, 'name') < metaString(b, 'name') ? -1 : 1;
}

function isUpdated(pod: KubeObject, hash: string): boolean {
  return labelsOf(pod)[revisionHashLabel] === hash;
}

function isRollingUpdate(ds: KubeObject): boolean {
  return stringAt(ds, 'spec', 'updateStrategy', 'type') !== 'OnDelete';
}

/** maxSurge and maxUnavailable for `desired` nodes, both rounded up; both 0 means 1 unavailable. */
export function daemonSetLimits(
  ds: KubeObject,
  desired: number,
): { maxSurge: number; maxUnavailable: number } {
  if (!isRollingUpdate(ds)) return { maxSurge: 0, maxUnavailable: 0 };
  const rolling = readPath(ds, 'spec', 'updateStrategy', 'rollingUpdate');
  const field = 'spec.updateStrategy.rollingUpdate';
  const maxSurge = scaledValue(readPath(rolling, 'maxSurge') ?? 0, desired, {
    roundUp: true,
    field: `${field}.maxSurge`,
  });
  const maxUnavailable = scaledValue(readPath(rolling, 'maxUnavailable') ?? 1, desired, {
    roundUp: true,
    field: `${field}.maxUnavailable`,
  });
  return maxSurge === 0 && maxUnavailable === 0
    ? { maxSurge, maxUnavailable: 1 }
    : { maxSurge, maxUnavailable };
}

function allowsSurge(ds: KubeObject): boolean {
  return daemonSetLimits(ds, 1).maxSurge !== 0;
}

/** With surge, keep the oldest updated pod and the oldest old pod while the new one is not yet available. */
function surgeExcess(obs: DaemonSetObservation, running: readonly KubeObject[]): KubeObject[] {
  const minReady = numberAt(obs.ds, 'spec', 'minReadySeconds');
  const oldestNew = running.find((p) => isUpdated(p, obs.hash));
  const oldestOld = running.find((p) => !isUpdated(p, obs.hash));
  const excess = running.filter((p) => p !== oldestNew && p !== oldestOld);
  if (
    oldestNew !== undefined &&
    oldestOld !== undefined &&
    (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, obs.now))
  )
    excess.push(oldestOld);
  return excess;
}

/** What to do on a node whose DaemonSet pods may stay (`podsShouldBeOnNode`, second case). */
function keepOnNode(
  obs: DaemonSetObservation,
  pods: readonly KubeObject[],
  shouldRun: boolean,
): { needsPod: boolean; remove: KubeObject[] } {
  const remove: KubeObject[] = [];
  const running: KubeObject[] = [];
  for (const pod of pods) {
    if (isDeleting(pod)) continue;
    const phase = podPhase(pod);
    if (phase === 'Failed' || phase === 'Succeeded') remove.push(pod);
    else running.push(pod);
  }
  running.sort(byAge);
  if (!allowsSurge(obs.ds)) return { needsPod: false, remove: [...remove, ...running.slice(1)] };
  if (running.length === 0) return { needsPod: shouldRun, remove };
  return { needsPod: false, remove: [...remove, ...surgeExcess(obs, running)] };
}

/**
 * Which nodes need a daemon pod and which pods must go (`manage`): a pod for every eligible node
 * without one; failed or finished pods replaced; extra pods on a node pruned (all but the oldest,
 * or, with surge, all but the oldest updated and old pod during a handover); every pod on a node
 * that no longer qualifies removed; unbound pods for nodes that no longer exist removed.
 */
export function managePlan(obs: DaemonSetObservation): DaemonSetPlan {
  const create: string[] = [];
  const remove: KubeObject[] = [];
  for (const node of obs.nodes) {
    const name = metaString(node, 'name');
    const verdict: NodeVerdict = nodeShouldRunDaemonPod(node, obs.ds);
    const pods = obs.nodeToPods.get(name) ?? [];
    if (verdict.shouldRun && pods.length === 0) create.push(name);
    else if (verdict.shouldContinueRunning) {
      const kept = keepOnNode(obs, pods, verdict.shouldRun);
      if (kept.needsPod) create.push(name);
      remove.push(...kept.remove);
    } else remove.push(...pods.filter((p) => !isDeleting(p)));
  }
  const known = new Set(obs.nodes.map((n) => metaString(n, 'name')));
  for (const [node, pods] of obs.nodeToPods)
    if (!known.has(node))
      remove.push(...pods.filter((p) => stringAt(p, 'spec', 'nodeName') === '' && !isDeleting(p)));
  return { create, delete: remove };
}

/** The node's updated and old pod, or undefined when it has more than one of either (`findUpdatedPodsOnNode`). */
function updatedAndOld(
  pods: readonly KubeObject[],
  hash: string,
): { updated: KubeObject | undefined; old: KubeObject | undefined } | undefined {
  let updated: KubeObject | undefined;
  let old: KubeObject | undefined;
  for (const pod of pods) {
    if (isDeleting(pod)) continue;
    if (isUpdated(pod, hash)) {
      if (updated !== undefined) return undefined;
      updated = pod;
    } else {
      if (old !== undefined) return undefined;
      old = pod;
    }
  }
  return { updated, old };
}

/** The nodes to consider in a rolling update: those with pods plus every eligible node. */
function rollingNodes(obs: DaemonSetObservation): {
  nodes: Map<string, readonly KubeObject[]>;
  verdicts: Map<string, NodeVerdict>;
} {
  const nodes = new Map(obs.nodeToPods);
  const verdicts = new Map<string, NodeVerdict>();
  for (const node of obs.nodes) {
    const name = metaString(node, 'name');
    const verdict = nodeShouldRunDaemonPod(node, obs.ds);
    verdicts.set(name, verdict);
    if (verdict.shouldRun && !nodes.has(name)) nodes.set(name, []);
  }
  return { nodes: new Map([...nodes].sort(([a], [b]) => (a < b ? -1 : 1))), verdicts };
}

/** Without surge: delete old pods (unavailable ones first) while at most maxUnavailable nodes are down. */
function replaceInPlace(
  obs: DaemonSetObservation,
  nodes: ReadonlyMap<string, readonly KubeObject[]>,
  maxUnavailable: number,
): DaemonSetPlan {
  const minReady = numberAt(obs.ds, 'spec', 'minReadySeconds');
  const available = (pod: KubeObject): boolean => isPodAvailable(pod, minReady, obs.now);
  let unavailable = 0;
  const replace: KubeObject[] = [];
  const candidates: KubeObject[] = [];
  for (const pods of nodes.values()) {
    const found = updatedAndOld(pods, obs.hash);
    if (found === undefined || (found.updated === undefined) === (found.old === undefined))
      unavailable++;
    else if (found.updated !== undefined) {
      if (!available(found.updated)) unavailable++;
    } else if (found.old !== undefined) {
      if (!available(found.old)) replace.push(found.old);
      else if (unavailable < maxUnavailable) candidates.push(found.old);
    }
  }
  const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
  return { create: [], delete: [...replace, ...candidates.slice(0, room)] };
}

/** With surge: start updated pods beside available old ones, up to maxSurge at once; retire old ones once replaced. */
function surgeUpdate(
  obs: DaemonSetObservation,
  rolling: ReturnType<typeof rollingNodes>,
  maxSurge: number,
): DaemonSetPlan {
  const minReady = numberAt(obs.ds, 'spec', 'minReadySeconds');
  const available = (pod: KubeObject): boolean => isPodAvailable(pod, minReady, obs.now);
  let surging = 0;
  const retire: KubeObject[] = [];
  const allowed: string[] = [];
  const candidates: string[] = [];
  for (const [node, pods] of rolling.nodes) {
    const found = updatedAndOld(pods, obs.hash);
    if (found === undefined) surging++;
    else if (found.old === undefined) continue;
    else if (found.updated === undefined) {
      if (!available(found.old)) {
        if (rolling.verdicts.get(node)?.shouldRun === true) allowed.push(node);
      } else if (surging < maxSurge) candidates.push(node);
    } else if (!available(found.updated)) surging++;
    else retire.push(found.old);
  }
  const room = Math.min(Math.max(0, maxSurge - surging), candidates.length);
  return { create: [...allowed, ...candidates.slice(0, room)], delete: retire };
}

/**
 * One step of a DaemonSet rolling update (`rollingUpdate`): without surge, old pods are deleted
 * (the manage step then creates updated ones) keeping at most maxUnavailable nodes without an
 * available pod; with surge, updated pods start beside old ones on at most maxSurge nodes and
 * the old pod goes once the new one is available. OnDelete does nothing.
 */
export function rollingUpdatePlan(obs: DaemonSetObservation): DaemonSetPlan {
  if (!isRollingUpdate(obs.ds)) return { create: [], delete: [] };
  const rolling = rollingNodes(obs);
  const desired = [...rolling.verdicts.values()].filter((v) => v.shouldRun).length;
  const { maxSurge, maxUnavailable } = daemonSetLimits(obs.ds, desired);
  return maxSurge === 0
    ? replaceInPlace(obs, rolling.nodes, maxUnavailable)
    : surgeUpdate(obs, rolling, maxSurge);
}
