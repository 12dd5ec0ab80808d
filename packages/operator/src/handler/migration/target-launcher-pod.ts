import type { V1Pod } from '@kubernetes/client-node';
import type { VirtualMachineInstance } from '@podvisor/api';

/**
 * The migration's target launcher pod among `pods` (this node's launcher pods): the one named
 * by `status.migrationState.targetPod` in the VMI's namespace, and created for this VMI
 * (`kubevirt.io/created-by`); `undefined` when it is not there (yet).
 */
export function targetLauncherPod(
  vmi: VirtualMachineInstance,
  pods: readonly V1Pod[],
): V1Pod | undefined {
  const name = vmi.status?.migrationState?.targetPod ?? '';
  if (name === '') return undefined;
  return pods.find(
    (pod) =>
      pod.metadata?.name === name &&
      pod.metadata.namespace === vmi.metadata.namespace &&
      pod.metadata.labels?.['kubevirt.io/created-by'] === vmi.metadata.uid,
  );
}
