import type { ClusterConfig } from '../cluster-config.ts';
import type { VirtualMachineInstance } from '../generated/kubevirt-types.ts';
import type { Loose } from '../validation/loose.ts';
import { applyVmiSpecDefaults } from './apply-vmi-spec-defaults.ts';

/**
 * A copy of a VMI with KubeVirt's defaults applied (machine type, requests, guest memory, CPU
 * topology, pull policies, eviction strategy, grace period, pod network, interfaces, disks).
 * Never changes its input; defaulting a defaulted VMI changes nothing.
 */
export function defaultVirtualMachineInstance(
  vmi: VirtualMachineInstance,
  config: ClusterConfig,
): VirtualMachineInstance {
  const copy = structuredClone(vmi) as Loose<VirtualMachineInstance>;
  try {
    applyVmiSpecDefaults((copy.spec ??= {}), config);
  } catch {
    // A malformed object is left as it came; validation reports what is wrong with it.
    return structuredClone(vmi);
  }
  return copy as VirtualMachineInstance;
}
