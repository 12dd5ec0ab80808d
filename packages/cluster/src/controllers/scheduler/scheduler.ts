import { runController, TerminalError, type Logger, type ReconcileResult } from '@podvisor/kube';
import { isJsonObject, type KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString, timestamp } from '../../apiserver/objects/lifecycle.ts';
import { isNotFound } from '../../apiserver/status-error.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { conditionOf } from '../node-lifecycle/node-conditions.ts';
import { objectCacheKey, type Informer } from '../store-informer.ts';
import { bindPod, podsRef, schedulerManager } from './bind-pod.ts';
import { QuantityError } from './parse-quantity.ts';
import { recordEvent } from './record-event.ts';
import { effectiveTaints, holdsResources, schedulePod } from './schedule-pod.ts';

/** `v1 nodes`. */
export const nodesRef: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** How long an unschedulable pod waits before it is tried again when nothing changed (30 s). */
  readonly retryIntervalMs?: number;
}

/** Whether this scheduler must place the pod: unbound, ours, not gated, finished or being deleted. */
export function needsScheduling(pod: KubeObject): boolean {
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  const status = isJsonObject(pod['status']) ? pod['status'] : {};
  const schedulerName = spec['schedulerName'] ?? 'default-scheduler';
  const gates = spec['schedulingGates'];
  return (
    !(Array.isArray(gates) && gates.length > 0) &&
    (typeof spec['nodeName'] !== 'string' || spec['nodeName'] === '') &&
    (schedulerName === 'default-scheduler' || schedulerName === '') &&
    !isDeleting(pod) &&
    status['phase'] !== 'Succeeded' &&
    status['phase'] !== 'Failed'
  );
}

/** What of a node the filters read: a change elsewhere (heartbeats) wakes no pending pod. */
function schedulingView(node: KubeObject): string {
  const spec = isJsonObject(node['spec']) ? node['spec'] : {};
  const status = isJsonObject(node['status']) ? node['status'] : {};
  return JSON.stringify([
    node.metadata['labels'] ?? null,
    spec['unschedulable'] ?? false,
    effectiveTaints(node),
    status['allocatable'] ?? status['capacity'] ?? null,
  ]);
}

function podName(pod: KubeObject): { namespace: string; name: string } {
  return { namespace: metaString(pod, 'namespace'), name: metaString(pod, 'name') };
}

interface SchedulerEdges {
  readonly client: ClusterClient;
  readonly pods: Informer;
  readonly nodes: Informer;
  readonly retryIntervalMs: number;
  readonly logger: Logger;
}

/**
 * Records `PodScheduled=False` with the reason (`Unschedulable`, or `SchedulerError` for a pod
 * the scheduler cannot read) and a FailedScheduling event, when they changed.
 */
async function reportFailure(
  edges: SchedulerEdges,
  pod: KubeObject,
  { reason, message }: { reason: 'Unschedulable' | 'SchedulerError'; message: string },
): Promise<void> {
  const current = conditionOf(pod, 'PodScheduled');
  if (current?.['reason'] === reason && current['message'] === message) return;
  const now = Date.now();
  const since = current?.['status'] === 'False' ? current['lastTransitionTime'] : undefined;
  const condition = {
    type: 'PodScheduled',
    status: 'False',
    reason,
    message,
    lastProbeTime: null,
    lastTransitionTime: typeof since === 'string' ? since : timestamp(now),
  };
  await edges.client.patch(
    podsRef,
    podName(pod),
    { type: 'strategic', body: { status: { conditions: [condition] } } },
    { fieldManager: schedulerManager, subresource: 'status' },
  );
  await recordEvent(
    edges.client,
    {
      involved: pod,
      type: 'Warning',
      reason: 'FailedScheduling',
      message,
      component: schedulerManager,
      now,
    },
    edges.logger,
  );
}

async function scheduleOne(
  edges: SchedulerEdges,
  key: string,
  logger: Logger,
): Promise<ReconcileResult> {
  const pod = edges.pods.get(key);
  if (pod === undefined || !needsScheduling(pod)) return;
  let decision;
  try {
    decision = schedulePod(pod, edges.nodes.list(), edges.pods.list());
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
    await reportFailure(edges, pod, { reason: 'SchedulerError', message: error.message });
    throw new TerminalError(error.message);
  }
  if (decision.nodeName === undefined) {
    await reportFailure(edges, pod, { reason: 'Unschedulable', message: decision.message });
    logger.debug({ reason: decision.message }, 'pod is unschedulable');
    return { requeueAfterMs: edges.retryIntervalMs };
  }
  await bindPod(edges.client, pod, decision.nodeName);
  const { namespace, name } = podName(pod);
  logger.info({ node: decision.nodeName }, 'bound pod');
  await recordEvent(
    edges.client,
    {
      involved: pod,
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${namespace}/${name} to ${decision.nodeName}`,
      component: schedulerManager,
    },
    logger,
  );
}

/** Wires the informers to the queue: pending pods, and every pending pod when room may have appeared. */
function watchSources(edges: SchedulerEdges, add: (key: string) => void): void {
  const { pods, nodes } = edges;
  const enqueue = (pod: KubeObject): void => {
    if (needsScheduling(pod)) add(objectCacheKey(pod));
  };
  const enqueuePending = (): void => {
    for (const pod of pods.list()) enqueue(pod);
  };
  pods.on('add', enqueue);
  pods.on('update', (pod, old) => {
    enqueue(pod);
    if (old !== undefined && holdsResources(old) && !holdsResources(pod)) enqueuePending();
  });
  pods.on('delete', (pod) => {
    if (holdsResources(pod)) enqueuePending();
  });
  nodes.on('add', enqueuePending);
  nodes.on('update', (node, old) => {
    if (old === undefined || schedulingView(node) !== schedulingView(old)) enqueuePending();
  });
  nodes.on('delete', enqueuePending);
}

/**
 * The scheduler (kube-scheduler's default profile, without preemption, pod (anti-)affinity,
 * topology spread or volumes): binds each pending pod whose `schedulerName` is
 * `default-scheduler` to the best fitting node, or records why none fits. One worker, so every
 * decision sees the bindings before it. Unschedulable pods are tried again when nodes or bound
 * pods change, and every `retryIntervalMs`.
 */
export function createScheduler(options: SchedulerOptions = {}): ControllerFactory {
  return {
    name: 'scheduler',
    start({ client, logger }) {
      const edges: SchedulerEdges = {
        client,
        pods: client.informer(podsRef),
        nodes: client.informer(nodesRef),
        retryIntervalMs: options.retryIntervalMs ?? 30_000,
        logger,
      };
      const controller = runController({
        name: 'scheduler',
        logger,
        reconciler: {
          async reconcile(key, ctx) {
            try {
              return await scheduleOne(edges, key, ctx.logger);
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
          edges.pods.stop();
          edges.nodes.stop();
        },
      };
    },
  };
}

/** The scheduler with its default options. */
export const scheduler: ControllerFactory = createScheduler();
