import type { V1Pod } from '@kubernetes/client-node';
import type { VirtualMachineInstance, VirtualMachineInstanceMigration } from '@podvisor/api';
import {
  controllerOwnerKey,
  enqueueOnChange,
  objectKey,
  runController,
  type ControllerMetricsSink,
  type Informer,
  type KeyMapper,
  type KubeObject,
  type Logger,
  type RunningController,
} from '@podvisor/kube';
import { migrationsOfVmiIndex, vmiKeyOf } from './migration-informer.ts';
import { createMigrationReconciler, type MigrationReconcilerDeps } from './migration-reconciler.ts';

/** What {@link startMigrationController} needs: the reconciler's dependencies plus its runner's. */
export interface StartMigrationControllerDeps extends MigrationReconcilerDeps {
  /** Started VMIM informer with `migrationIndexers` (see `createMigrationInformer`). */
  readonly migrations: Informer<VirtualMachineInstanceMigration>;
  readonly vmis: Informer<VirtualMachineInstance>;
  /** Launcher pods (`kubevirt.io=virt-launcher`) indexed by `kubevirt.io/created-by`. */
  readonly pods: Informer<V1Pod>;
  readonly logger: Logger;
  readonly metrics?: ControllerMetricsSink;
  /** Concurrent reconciles of different migrations; 3 by default. */
  readonly workers?: number;
}

/** Maps a VMI key to the keys of its migrations. */
function migrationsOf(
  migrations: Pick<Informer<VirtualMachineInstanceMigration>, 'byIndex'>,
  vmiKeys: KeyMapper<KubeObject>,
): KeyMapper<KubeObject> {
  return (object) =>
    vmiKeys(object).flatMap((vmiKey) =>
      migrations.byIndex(migrationsOfVmiIndex, vmiKey).map((migration) => objectKey(migration)),
    );
}

/**
 * Starts the migration controller on already-started informers: a VMIM's events enqueue every
 * migration of its VMI (one going final lets the next waiting one start), a VMI's events and
 * its launcher pods' (source and target, by their controlling VMI) enqueue the VMI's
 * migrations; every cached VMIM is enqueued once at start. `stop()` unsubscribes and waits for
 * in-flight reconciles.
 */
export function startMigrationController(deps: StartMigrationControllerDeps): RunningController {
  const controller = runController({
    name: 'migration',
    reconciler: createMigrationReconciler(deps),
    logger: deps.logger,
    workers: deps.workers ?? 3,
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
  });
  const ownVmi = controllerOwnerKey({ kind: 'VirtualMachineInstance', apiGroup: 'kubevirt.io' });
  const sameVmi: KeyMapper<VirtualMachineInstanceMigration> = (migration) => [
    objectKey(migration),
    ...migrationsOf(deps.migrations, () => [vmiKeyOf(migration)])(migration),
  ];
  const unsubscribe = [
    enqueueOnChange(deps.migrations, controller.queue, sameVmi),
    enqueueOnChange(
      deps.vmis,
      controller.queue,
      migrationsOf(deps.migrations, (vmi) => [objectKey(vmi)]),
    ),
    enqueueOnChange(deps.pods, controller.queue, migrationsOf(deps.migrations, ownVmi)),
  ];
  for (const migration of deps.migrations.list()) controller.queue.add(objectKey(migration));
  return {
    queue: controller.queue,
    async stop() {
      for (const off of unsubscribe) off();
      await controller.stop();
    },
  };
}
