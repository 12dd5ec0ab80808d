import { isJsonObject, type Json, type KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { nodeReadyStatus } from '../node-lifecycle/node-conditions.ts';
import { fitErrorMessage, type NodeFailure } from './fit-error-message.ts';
import { matchesNodeAffinity } from './node-affinity.ts';
import { podRequests, resourceAmounts, type ResourceAmounts } from './pod-requests.ts';
import { findUntoleratedTaint, taintsOf, tolerationsOf, type Taint } from './tolerates-taint.ts';

/** Where a pod goes: a node, or why none fits (kube-scheduler's FitError message). */
export type ScheduleDecision =
  { readonly nodeName: string } | { readonly nodeName?: undefined; readonly message: string };

/** What is already placed on one node. */
interface NodeUsage {
  readonly requested: Map<string, number>;
  /** Requests with upstream's non-zero defaults, for scoring. */
  readonly scored: Map<string, number>;
}

const unschedulableTaint: Taint = {
  key: 'node.kubernetes.io/unschedulable',
  value: '',
  effect: 'NoSchedule',
};

function specOf(obj: KubeObject): Record<string, Json> {
  return isJsonObject(obj['spec']) ? obj['spec'] : {};
}

/** The node a pod is bound to ('' when none). */
function boundNode(pod: KubeObject): string {
  const nodeName = specOf(pod)['nodeName'];
  return typeof nodeName === 'string' ? nodeName : '';
}

/** Pods bound to a node that still hold their resources (not Succeeded or Failed). */
export function holdsResources(pod: KubeObject): boolean {
  const phase = isJsonObject(pod['status']) ? pod['status']['phase'] : undefined;
  return boundNode(pod) !== '' && phase !== 'Succeeded' && phase !== 'Failed';
}

function addTo(target: Map<string, number>, amounts: ResourceAmounts): void {
  for (const [name, v] of amounts) target.set(name, (target.get(name) ?? 0) + v);
}

/** Malformed quantities of pods already bound count as nothing rather than blocking every pod. */
function safeRequests(pod: KubeObject, nonZero: boolean): ResourceAmounts {
  try {
    return podRequests(pod, { nonZero });
  } catch {
    return new Map();
  }
}

function usageByNode(pods: readonly KubeObject[]): Map<string, NodeUsage> {
  const usage = new Map<string, NodeUsage>();
  for (const pod of pods.filter(holdsResources)) {
    const node = boundNode(pod);
    const entry: NodeUsage = usage.get(node) ?? { requested: new Map(), scored: new Map() };
    addTo(entry.requested, safeRequests(pod, false));
    addTo(entry.scored, safeRequests(pod, true));
    entry.requested.set('pods', (entry.requested.get('pods') ?? 0) + 1000);
    usage.set(node, entry);
  }
  return usage;
}

function allocatableOf(node: KubeObject): ResourceAmounts {
  const status = isJsonObject(node['status']) ? node['status'] : {};
  const list = status['allocatable'] ?? status['capacity'];
  try {
    return resourceAmounts(list, 'status.allocatable');
  } catch {
    return new Map();
  }
}

/**
 * A node's taints plus the one its readiness implies when the node lifecycle controller has not
 * added it yet: `node.kubernetes.io/not-ready` (Ready False or missing) or
 * `node.kubernetes.io/unreachable` (Ready Unknown), effect NoSchedule.
 */
export function effectiveTaints(node: KubeObject): Taint[] {
  const taints = taintsOf(node);
  const ready = nodeReadyStatus(node);
  if (ready === 'True') return taints;
  const key =
    ready === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
  return taints.some((t) => t.key === key)
    ? taints
    : [...taints, { key, value: '', effect: 'NoSchedule' }];
}

function insufficient(
  requests: ResourceAmounts,
  allocatable: ResourceAmounts,
  used: ResourceAmounts,
): string[] {
  const reasons: string[] = [];
  if ((used.get('pods') ?? 0) + 1000 > (allocatable.get('pods') ?? 0))
    reasons.push('Too many pods');
  for (const [name, wanted] of requests) {
    if (wanted <= 0 || name === 'pods') continue;
    if (wanted > (allocatable.get(name) ?? 0) - (used.get(name) ?? 0))
      reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

/** The filters of kube-scheduler's default profile, in its order; the first that fails decides. */
function nodeFailure(
  pod: KubeObject,
  node: KubeObject,
  requests: ResourceAmounts,
  usage: NodeUsage | undefined,
): NodeFailure | undefined {
  const tolerations = tolerationsOf(pod);
  if (
    specOf(node)['unschedulable'] === true &&
    findUntoleratedTaint([unschedulableTaint], tolerations, ['NoSchedule'])
  )
    return { reasons: ['node(s) were unschedulable'], resolvable: false };
  const taint = findUntoleratedTaint(effectiveTaints(node), tolerations, [
    'NoSchedule',
    'NoExecute',
  ]);
  if (taint !== undefined)
    return {
      reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value}}`],
      resolvable: false,
    };
  if (!matchesNodeAffinity(pod, node))
    return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false };
  const reasons = insufficient(requests, allocatableOf(node), usage?.requested ?? new Map());
  return reasons.length > 0 ? { reasons, resolvable: true } : undefined;
}

/** NodeResourcesFit's LeastAllocated score (0–100): free cpu and memory after placing the pod. */
function leastRequestedScore(
  node: KubeObject,
  podScored: ResourceAmounts,
  usage: NodeUsage | undefined,
): number {
  const allocatable = allocatableOf(node);
  let total = 0;
  for (const name of ['cpu', 'memory']) {
    const capacity = allocatable.get(name) ?? 0;
    const requested = (usage?.scored.get(name) ?? 0) + (podScored.get(name) ?? 0);
    if (capacity > 0 && requested <= capacity)
      total += Math.floor(((capacity - requested) * 100) / capacity);
  }
  return Math.floor(total / 2);
}

/**
 * Chooses a node for a pod (pure): the nodes passing kube-scheduler's default filters
 * (NodeUnschedulable, TaintToleration with readiness taints, NodeAffinity, NodeResourcesFit
 * against allocatable minus the requests of the pods bound there), scored by least requested
 * cpu and memory, ties to the first name. Throws a QuantityError for the pod's malformed requests.
 */
export function schedulePod(
  pod: KubeObject,
  nodes: readonly KubeObject[],
  pods: readonly KubeObject[],
): ScheduleDecision {
  const requests = podRequests(pod);
  const scored = podRequests(pod, { nonZero: true });
  const usage = usageByNode(pods.filter((p) => metaString(p, 'uid') !== metaString(pod, 'uid')));
  const failures: NodeFailure[] = [];
  let best: { name: string; score: number } | undefined;
  const sorted = [...nodes].sort((a, b) =>
    metaString(a, 'name') < metaString(b, 'name') ? -1 : 1,
  );
  for (const node of sorted) {
    const name = metaString(node, 'name');
    const failure = nodeFailure(pod, node, requests, usage.get(name));
    if (failure !== undefined) {
      failures.push(failure);
      continue;
    }
    const score = leastRequestedScore(node, scored, usage.get(name));
    if (best === undefined || score > best.score) best = { name, score };
  }
  return best === undefined
    ? { message: fitErrorMessage(nodes.length, failures) }
    : { nodeName: best.name };
}
