import { runController, type Logger, type ReconcileResult } from '@podvisor/kube';
import { isJsonObject, type KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString, timestamp } from '../../apiserver/objects/lifecycle.ts';
import { isNotFound } from '../../apiserver/status-error.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { podsRef } from '../scheduler/bind-pod.ts';
import { recordEvent } from '../scheduler/record-event.ts';
import { nodesRef } from '../scheduler/scheduler.ts';
import { taintsOf } from '../scheduler/tolerates-taint.ts';
import type { Informer } from '../store-informer.ts';
import { conditionOf, nodeReadyStatus } from './node-conditions.ts';
import {
  desiredNodeTaints,
  lastHeartbeat,
  silentNodeConditions,
  taintJson,
} from './node-health.ts';
import { evictionTime } from './taint-eviction.ts';

/** `coordination.k8s.io/v1 leases`. */
export const leasesRef: ResourceRef = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
};

/** The namespace of the nodes' heartbeat Leases. */
export const nodeLeaseNamespace = 'kube-node-lease';

/** The field manager (and event source) of the controller's writes. */
export const nodeControllerManager = 'node-controller';

/** Options of {@link createNodeLifecycle}. */
export interface NodeLifecycleOptions {
  /** How long a node may stay silent (no Lease renewal, no Ready heartbeat) before it is Unknown (40 s). */
  readonly gracePeriodMs?: number;
  /** How long pods without their own toleration stay on an unreachable or not-ready node (300 s). */
  readonly defaultTolerationSeconds?: number;
}

interface Edges {
  readonly client: ClusterClient;
  readonly nodes: Informer;
  readonly leases: Informer;
  readonly pods: Informer;
  readonly gracePeriodMs: number;
  readonly defaultTolerationSeconds: number;
  readonly startedAt: number;
  readonly logger: Logger;
}

const nodeName = (name: string): { namespace: string; name: string } => ({ namespace: '', name });
const podName = (pod: KubeObject): { namespace: string; name: string } => ({
  namespace: metaString(pod, 'namespace'),
  name: metaString(pod, 'name'),
});

function podsOn(edges: Edges, name: string): KubeObject[] {
  return edges.pods
    .list()
    .filter((p) => isJsonObject(p['spec']) && p['spec']['nodeName'] === name && !isDeleting(p));
}

/** Marks a silent node's conditions Unknown and records `NodeNotReady`. */
async function markSilent(edges: Edges, node: KubeObject, now: number): Promise<KubeObject> {
  const conditions = silentNodeConditions(node, now);
  if (conditions.length === 0) return node;
  const updated = await edges.client.patch(
    nodesRef,
    nodeName(metaString(node, 'name')),
    { type: 'strategic', body: { status: { conditions } } },
    { fieldManager: nodeControllerManager, subresource: 'status' },
  );
  if (conditions.some((c) => c['type'] === 'Ready'))
    await recordEvent(
      edges.client,
      {
        involved: updated,
        type: 'Normal',
        reason: 'NodeNotReady',
        message: `Node ${metaString(node, 'name')} status is now: NodeNotReady`,
        component: nodeControllerManager,
        now,
      },
      edges.logger,
    );
  return updated;
}

/** Writes the taints readiness calls for, when they differ from the node's. */
async function syncTaints(edges: Edges, node: KubeObject, now: number): Promise<KubeObject> {
  const wanted = desiredNodeTaints(node, now).map(taintJson);
  if (JSON.stringify(wanted) === JSON.stringify(taintsOf(node).map(taintJson))) return node;
  const body = {
    metadata: { resourceVersion: metaString(node, 'resourceVersion') },
    spec: { taints: wanted.length === 0 ? null : wanted },
  };
  return edges.client.patch(
    nodesRef,
    nodeName(metaString(node, 'name')),
    { type: 'merge', body },
    {
      fieldManager: nodeControllerManager,
    },
  );
}

/** Sets `Ready=False` on the pods of an unreachable node (upstream's MarkPodsNotReady). */
async function markPodsNotReady(
  edges: Edges,
  pods: readonly KubeObject[],
  now: number,
): Promise<void> {
  for (const pod of pods) {
    const ready = conditionOf(pod, 'Ready');
    if (ready === undefined || ready['status'] === 'False') continue;
    const condition = { type: 'Ready', status: 'False', lastTransitionTime: timestamp(now) };
    await edges.client.patch(
      podsRef,
      podName(pod),
      { type: 'strategic', body: { status: { conditions: [condition] } } },
      { fieldManager: nodeControllerManager, subresource: 'status' },
    );
  }
}

/** Deletes a pod the way the taint manager does: a DisruptionTarget condition, an event, a delete. */
async function evict(edges: Edges, pod: KubeObject, now: number): Promise<void> {
  const condition = {
    type: 'DisruptionTarget',
    status: 'True',
    reason: 'DeletionByTaintManager',
    message: 'Taint manager: deleting due to NoExecute taint',
    lastTransitionTime: timestamp(now),
  };
  await edges.client.patch(
    podsRef,
    podName(pod),
    { type: 'strategic', body: { status: { conditions: [condition] } } },
    { fieldManager: nodeControllerManager, subresource: 'status' },
  );
  const { namespace, name } = podName(pod);
  await recordEvent(
    edges.client,
    {
      involved: pod,
      type: 'Normal',
      reason: 'TaintManagerEviction',
      message: `Marking for deletion Pod ${namespace}/${name}`,
      component: 'taint-eviction-controller',
      now,
    },
    edges.logger,
  );
  await edges.client.delete(podsRef, podName(pod), {
    preconditions: { uid: metaString(pod, 'uid') },
  });
}

/** Evicts the pods whose toleration of the node's NoExecute taints ran out; returns the next deadline. */
async function evictPods(
  edges: Edges,
  {
    node,
    pods,
    now,
    logger,
  }: { node: KubeObject; pods: readonly KubeObject[]; now: number; logger: Logger },
): Promise<number | undefined> {
  const taints = taintsOf(node);
  let next: number | undefined;
  for (const pod of pods) {
    const at = evictionTime(pod, taints, {
      defaultTolerationSeconds: edges.defaultTolerationSeconds,
      taintedSince: edges.startedAt,
    });
    if (at === undefined) continue;
    if (at > now) {
      next = Math.min(next ?? at, at);
      continue;
    }
    logger.info({ pod: podName(pod) }, 'evicting a pod from a NoExecute-tainted node');
    await evict(edges, pod, now);
  }
  return next;
}

async function reconcileNode(edges: Edges, name: string, logger: Logger): Promise<ReconcileResult> {
  let node = edges.nodes.get(name);
  if (node === undefined) return;
  const now = Date.now();
  const lease = edges.leases.get(`${nodeLeaseNamespace}/${name}`);
  const silentAt = lastHeartbeat(node, lease, edges.startedAt) + edges.gracePeriodMs;
  if (now > silentAt) node = await markSilent(edges, node, now);
  node = await syncTaints(edges, node, now);
  const pods = podsOn(edges, name);
  if (nodeReadyStatus(node) === 'Unknown') await markPodsNotReady(edges, pods, now);
  const nextEviction = await evictPods(edges, { node, pods, now, logger });
  const deadlines = [nextEviction, now > silentAt ? undefined : silentAt].filter(
    (d): d is number => d !== undefined,
  );
  if (deadlines.length === 0) return;
  return { requeueAfterMs: Math.max(0, Math.min(...deadlines) - now) + 50 };
}

function nodeOfPod(pod: KubeObject): string | undefined {
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  return typeof spec['nodeName'] === 'string' && spec['nodeName'] !== ''
    ? spec['nodeName']
    : undefined;
}

function watchSources(edges: Edges, add: (key: string) => void): void {
  const byName = (obj: KubeObject): void => {
    add(metaString(obj, 'name'));
  };
  for (const informer of [edges.nodes, edges.leases]) {
    informer.on('add', byName);
    informer.on('update', byName);
  }
  const byPod = (pod: KubeObject, old: KubeObject | undefined): void => {
    for (const p of [pod, old]) {
      const node = p === undefined ? undefined : nodeOfPod(p);
      if (node !== undefined) add(node);
    }
  };
  edges.pods.on('add', byPod);
  edges.pods.on('update', byPod);
}

/**
 * The node lifecycle controller: a node whose Lease and Ready heartbeat are both older than the
 * grace period gets its conditions marked Unknown (`NodeStatusUnknown`) and its pods `Ready=False`;
 * nodes carry the `node.kubernetes.io/unreachable` (Ready Unknown) or `not-ready` (Ready False)
 * NoSchedule and NoExecute taints while they are not Ready, removed once the kubelet reports
 * Ready again; and, as the taint manager, pods on a node with NoExecute taints are deleted once
 * their toleration (by default `defaultTolerationSeconds`) runs out.
 */
export function createNodeLifecycle(options: NodeLifecycleOptions = {}): ControllerFactory {
  return {
    name: 'node-lifecycle',
    start({ client, logger }) {
      const edges: Edges = {
        client,
        nodes: client.informer(nodesRef),
        leases: client.informer(leasesRef, { namespace: nodeLeaseNamespace }),
        pods: client.informer(podsRef),
        gracePeriodMs: options.gracePeriodMs ?? 40_000,
        defaultTolerationSeconds: options.defaultTolerationSeconds ?? 300,
        startedAt: Date.now(),
        logger,
      };
      const controller = runController({
        name: 'node-lifecycle',
        logger,
        reconciler: {
          async reconcile(key, ctx) {
            try {
              return await reconcileNode(edges, key, ctx.logger);
            } catch (error) {
              if (isNotFound(error)) return;
              throw error;
            }
          },
        },
      });
      watchSources(edges, (key) => {
        controller.queue.add(key);
      });
      return {
        stop: async () => {
          await controller.stop();
          for (const informer of [edges.nodes, edges.leases, edges.pods]) informer.stop();
        },
      };
    },
  };
}

/** The node lifecycle controller with upstream's timings (40 s grace, 300 s toleration). */
export const nodeLifecycle: ControllerFactory = createNodeLifecycle();
