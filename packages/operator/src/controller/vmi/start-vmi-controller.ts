import {
  controllerOwnerKey,
  enqueueOnChange,
  objectKey,
  runController,
  type ControllerMetricsSink,
  type Logger,
  type RunningController,
} from '@podvisor/kube';
import { createVmiReconciler, type VmiReconcilerDeps } from './vmi-reconciler.ts';

/** What {@link startVmiController} needs: the reconciler's dependencies plus its runner's. */
export interface StartVmiControllerDeps extends VmiReconcilerDeps {
  readonly logger: Logger;
  readonly metrics?: ControllerMetricsSink;
  /** Concurrent reconciles of different VMIs; 3 by default. */
  readonly workers?: number;
}

/**
 * Starts the VMI controller on already-started informers: every VMI event enqueues the VMI, a
 * launcher pod's events enqueue its controlling VMI, and every cached VMI is enqueued once at
 * start (the informers may have synced before it subscribed). `stop()` unsubscribes and waits
 * for in-flight reconciles.
 */
export function startVmiController(deps: StartVmiControllerDeps): RunningController {
  const controller = runController({
    name: 'vmi',
    reconciler: createVmiReconciler(deps),
    logger: deps.logger,
    workers: deps.workers ?? 3,
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
  });
  const owner = controllerOwnerKey({ kind: 'VirtualMachineInstance', apiGroup: 'kubevirt.io' });
  const unsubscribe = [
    enqueueOnChange(deps.vmis, controller.queue),
    enqueueOnChange(deps.pods, controller.queue, owner),
  ];
  for (const vmi of deps.vmis.list()) controller.queue.add(objectKey(vmi));
  return {
    queue: controller.queue,
    async stop() {
      for (const off of unsubscribe) off();
      await controller.stop();
    },
  };
}
