import { runController, type Logger, type Reconciler } from '@podvisor/kube';
import type { KubeObject } from '../apiserver/json.ts';
import type { StartedController } from './controller-host.ts';
import type { Informer } from './store-informer.ts';

/** An informer and the keys its objects map to (its own key, its owner's, a selecting Service's…). */
export interface KeySource {
  readonly informer: Informer;
  /** The keys an object concerns; called for the new and the old object of every event. */
  readonly keys: (obj: KubeObject) => Iterable<string>;
}

/** Options of {@link runInformerController}. */
export interface InformerControllerOptions {
  readonly name: string;
  readonly logger: Logger;
  readonly reconciler: Reconciler;
  /** Every informer the reconciler reads; all of them are stopped with the controller. */
  readonly sources: readonly KeySource[];
  /** Keys to reconcile once at start even if no object maps to them yet. */
  readonly initialKeys?: readonly string[];
}

/**
 * Runs a level-triggered controller fed by informers: every add, update and delete (and the
 * initial list) enqueues the keys its source maps the objects to, synchronously and without
 * any other work, as store-informer handlers must. Stopping stops the workers, then the informers.
 */
export function runInformerController(options: InformerControllerOptions): StartedController {
  const controller = runController({
    name: options.name,
    logger: options.logger,
    reconciler: options.reconciler,
  });
  const { queue } = controller;
  for (const { informer, keys } of options.sources) {
    const enqueue = (obj: KubeObject, old: KubeObject | undefined): void => {
      for (const key of keys(obj)) queue.add(key);
      if (old !== undefined) for (const key of keys(old)) queue.add(key);
    };
    informer.on('add', enqueue);
    informer.on('update', enqueue);
    informer.on('delete', enqueue);
  }
  for (const key of options.initialKeys ?? []) queue.add(key);
  return {
    stop: async () => {
      await controller.stop();
      for (const { informer } of options.sources) informer.stop();
    },
  };
}
