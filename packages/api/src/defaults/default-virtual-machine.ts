import type { ClusterConfig } from '../cluster-config.ts';
import type { VirtualMachine } from '../generated/kubevirt-types.ts';
import type { Loose } from '../validation/loose.ts';
import { applyVmiSpecDefaults } from './apply-vmi-spec-defaults.ts';

/**
 * A copy of a VM whose template spec has the VMI defaults applied. `running` and `runStrategy`
 * are left as they are. Never changes its input; idempotent.
 */
export function defaultVirtualMachine(vm: VirtualMachine, config: ClusterConfig): VirtualMachine {
  const copy = structuredClone(vm) as Loose<VirtualMachine>;
  const template = copy.spec?.template;
  if (template == null) return copy as VirtualMachine;
  try {
    applyVmiSpecDefaults((template.spec ??= {}), config);
  } catch {
    return structuredClone(vm);
  }
  return copy as VirtualMachine;
}
