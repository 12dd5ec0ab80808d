import type { KubeConfig } from '@kubernetes/client-node';
import type { VirtualMachineInstanceMigration } from '@podvisor/api';
import { Informer, type Clock, type IndexFunction, type Logger } from '@podvisor/kube';

/** The index of migrations by the key (`namespace/name`) of the VMI they migrate. */
export const migrationsOfVmiIndex = 'vmi';

/** The key of the VMI a migration names: `<its namespace>/<spec.vmiName>`. */
export function vmiKeyOf(migration: VirtualMachineInstanceMigration): string {
  return `${migration.metadata.namespace ?? ''}/${migration.spec.vmiName}`;
}

/** The indexers the migration informer needs: by VMI key ({@link migrationsOfVmiIndex}). */
export const migrationIndexers: Readonly<
  Record<string, IndexFunction<VirtualMachineInstanceMigration>>
> = {
  [migrationsOfVmiIndex]: (migration) => [vmiKeyOf(migration)],
};

/** The path every VMIM of every namespace is listed and watched at. */
export const migrationsPath = '/apis/kubevirt.io/v1/virtualmachineinstancemigrations';

/** Creates (does not start) an informer on every VMIM, with {@link migrationIndexers}. */
export function createMigrationInformer(options: {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly clock?: Clock;
}): Informer<VirtualMachineInstanceMigration> {
  return new Informer<VirtualMachineInstanceMigration>({
    ...options,
    path: migrationsPath,
    indexers: migrationIndexers,
  });
}
