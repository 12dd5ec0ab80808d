import type { V1Pod } from '@kubernetes/client-node';
import { labels, type VirtualMachineInstance } from '@podvisor/api';
import {
  enqueueOnChange,
  objectKey,
  runController,
  type ControllerMetricsSink,
  type Logger,
  type RunningController,
} from '@podvisor/kube';
import { createNodeReconciler, type NodeReconcilerDeps } from './node-reconciler.ts';

/** What {@link startNodeController} needs: the reconciler's dependencies plus its runner's. */
export interface StartNodeControllerDeps extends NodeReconcilerDeps {
  readonly logger: Logger;
  readonly metrics?: ControllerMetricsSink;
}

function nodeOfVmi(vmi: VirtualMachineInstance): readonly string[] {
  const node = vmi.metadata.labels?.[labels.nodeName];
  return node === undefined || node === '' ? [] : [node];
}

function nodeOfPod(pod: V1Pod): readonly string[] {
  const node = pod.spec?.nodeName;
  return node === undefined || node === '' ? [] : [node];
}

/**
 * Starts the node controller on already-started informers: node events enqueue the node, VMI
 * and launcher pod events enqueue the node they are on, and every cached node is enqueued at
 * start. `stop()` unsubscribes and waits for in-flight reconciles.
 */
export function startNodeController(deps: StartNodeControllerDeps): RunningController {
  const controller = runController({
    name: 'node',
    reconciler: createNodeReconciler(deps),
    logger: deps.logger,
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
  });
  const unsubscribe = [
    enqueueOnChange(deps.nodes, controller.queue),
    enqueueOnChange(deps.vmis, controller.queue, nodeOfVmi),
    enqueueOnChange(deps.pods, controller.queue, nodeOfPod),
  ];
  for (const node of deps.nodes.list()) controller.queue.add(objectKey(node));
  return {
    queue: controller.queue,
    async stop() {
      for (const off of unsubscribe) off();
      await controller.stop();
    },
  };
}
