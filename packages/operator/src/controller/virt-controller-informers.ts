import type { KubeConfig, V1Node, V1Pod } from '@kubernetes/client-node';
import {
  appLauncherLabels,
  labels,
  type KubeVirt,
  type VirtualMachine,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigration,
} from '@podvisor/api';
import { Informer, indexByLabel, type Clock, type Logger } from '@podvisor/kube';
import { createMigrationInformer } from './migration/migration-informer.ts';

/**
 * virt-controller's shared caches. Indexes are named after the label they index:
 * `vmis.byIndex('kubevirt.io/nodeName', node)`, `pods.byIndex('kubevirt.io/created-by', vmiUid)`.
 */
export interface VirtControllerInformers {
  readonly vms: Informer<VirtualMachine>;
  readonly vmis: Informer<VirtualMachineInstance>;
  /** Launcher pods only (`kubevirt.io=virt-launcher`), in every namespace. */
  readonly pods: Informer<V1Pod>;
  readonly nodes: Informer<V1Node>;
  /** VirtualMachineInstanceMigrations, indexed by their VMI. */
  readonly migrations: Informer<VirtualMachineInstanceMigration>;
  /** The KubeVirt CR(s) of the install namespace. */
  readonly kubevirts: Informer<KubeVirt>;
  start(): void;
  /** Resolves once every cache holds its first list. */
  readonly synced: Promise<void>;
  hasSynced(): boolean;
  stop(): Promise<void>;
}

/** Where {@link createVirtControllerInformers} watches. */
export interface VirtControllerInformersOptions {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  /** The install namespace (the KubeVirt CR). */
  readonly namespace: string;
  readonly clock?: Clock;
}

const launcherSelector = Object.entries(appLauncherLabels)
  .map(([key, value]) => `${key}=${value}`)
  .join(',');

/** Creates (does not start) the informers virt-controller's controllers share. */
export function createVirtControllerInformers(
  options: VirtControllerInformersOptions,
): VirtControllerInformers {
  const base = {
    kubeConfig: options.kubeConfig,
    logger: options.logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  };
  const vms = new Informer<VirtualMachine>({
    ...base,
    path: '/apis/kubevirt.io/v1/virtualmachines',
  });
  const vmis = new Informer<VirtualMachineInstance>({
    ...base,
    path: '/apis/kubevirt.io/v1/virtualmachineinstances',
    indexers: { [labels.nodeName]: indexByLabel(labels.nodeName) },
  });
  const pods = new Informer<V1Pod>({
    ...base,
    path: '/api/v1/pods',
    labelSelector: launcherSelector,
    indexers: { [labels.createdBy]: indexByLabel(labels.createdBy) },
  });
  const nodes = new Informer<V1Node>({ ...base, path: '/api/v1/nodes' });
  const kubevirts = new Informer<KubeVirt>({
    ...base,
    path: `/apis/kubevirt.io/v1/namespaces/${encodeURIComponent(options.namespace)}/kubevirts`,
  });
  const migrations = createMigrationInformer(base);
  const all = [vms, vmis, pods, nodes, migrations, kubevirts] as const;
  return {
    vms,
    vmis,
    pods,
    nodes,
    migrations,
    kubevirts,
    start() {
      for (const informer of all) informer.start();
    },
    synced: Promise.all(all.map((informer) => informer.synced)).then(() => undefined),
    hasSynced: () => all.every((informer) => informer.hasSynced()),
    async stop() {
      await Promise.all(all.map((informer) => informer.stop()));
    },
  };
}
