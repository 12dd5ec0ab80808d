import {
  annotations,
  finalizers,
  kubevirtResources,
  labels,
  type VirtualMachine,
  type VirtualMachineInstance,
  type VirtualMachineInstanceSpec,
} from '@podvisor/api';

/**
 * The VMI a VM starts (KubeVirt's SetupVMIFromVM): the VM's name and namespace, the template's
 * labels (plus `vm.kubevirt.io/name`), annotations (plus `kubevirt.io/vm-generation`) and spec,
 * a controller owner reference to the VM, and the VM controller's finalizer. `paused` starts
 * it with `startStrategy: Paused` (a Start request with `paused=true`).
 */
export function vmiFromVm(
  vm: VirtualMachine,
  options: { readonly paused: boolean },
): VirtualMachineInstance {
  const template = vm.spec.template;
  const name = vm.metadata.name ?? '';
  const spec: VirtualMachineInstanceSpec = template.spec
    ? structuredClone(template.spec)
    : { domain: { devices: {} } };
  if (options.paused) spec.startStrategy = 'Paused';
  const vmi: VirtualMachineInstance = {
    apiVersion: kubevirtResources.virtualmachineinstances.apiVersion,
    kind: kubevirtResources.virtualmachineinstances.kind,
    metadata: {
      name,
      labels: { ...template.metadata?.labels, [labels.vmName]: name },
      annotations: {
        ...template.metadata?.annotations,
        [annotations.vmGeneration]: String(vm.metadata.generation ?? 0),
      },
      ownerReferences: [
        {
          apiVersion: kubevirtResources.virtualmachines.apiVersion,
          kind: kubevirtResources.virtualmachines.kind,
          name,
          uid: vm.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      finalizers: [finalizers.virtualMachineController],
    },
    spec,
  };
  if (vm.metadata.namespace !== undefined) vmi.metadata.namespace = vm.metadata.namespace;
  return vmi;
}

/** Whether `vmi` is controlled by `vm` (its controller owner reference has the VM's UID). */
export function isControlledBy(vmi: VirtualMachineInstance, vm: VirtualMachine): boolean {
  return (vmi.metadata.ownerReferences ?? []).some(
    (ref) => ref.controller === true && ref.uid === vm.metadata.uid,
  );
}
