/** The kubevirt.io/v1 resource types, usable as `@podvisor/kube`'s `ResourceType`. */

/** A kubevirt.io/v1 resource: where it is served and what kind it holds. */
export interface KubevirtResource {
  readonly apiVersion: 'kubevirt.io/v1';
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

const resource = (kind: string, plural: string): KubevirtResource => ({
  apiVersion: 'kubevirt.io/v1',
  plural,
  kind,
  namespaced: true,
});

/** Every kubevirt.io/v1 resource, keyed by its plural name. */
export const kubevirtResources = {
  virtualmachines: resource('VirtualMachine', 'virtualmachines'),
  virtualmachineinstances: resource('VirtualMachineInstance', 'virtualmachineinstances'),
  virtualmachineinstancemigrations: resource(
    'VirtualMachineInstanceMigration',
    'virtualmachineinstancemigrations',
  ),
  virtualmachineinstancereplicasets: resource(
    'VirtualMachineInstanceReplicaSet',
    'virtualmachineinstancereplicasets',
  ),
  kubevirts: resource('KubeVirt', 'kubevirts'),
} as const satisfies Record<string, KubevirtResource>;
