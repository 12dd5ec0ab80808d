import type { VirtualMachineInstanceMigration } from '../generated/kubevirt-types.ts';
import type { Loose } from '../validation/loose.ts';
import { finalizers, labels } from '../well-known.ts';

/**
 * A copy of a migration as KubeVirt's mutator leaves it: labelled `kubevirt.io/vmi-name` with
 * the VMI's name, with the migration finalizer. Never changes its input; idempotent.
 */
export function defaultMigration(
  m: VirtualMachineInstanceMigration,
): VirtualMachineInstanceMigration {
  const copy = structuredClone(m) as Loose<VirtualMachineInstanceMigration>;
  const vmiName = copy.spec?.vmiName;
  const metadata = (copy.metadata ??= {});
  if (typeof vmiName === 'string' && vmiName !== '') {
    metadata.labels = { ...metadata.labels, [labels.vmiName]: vmiName };
  }
  const current = Array.isArray(metadata.finalizers) ? metadata.finalizers : [];
  if (!current.includes(finalizers.migration))
    metadata.finalizers = [...current, finalizers.migration];
  return copy as VirtualMachineInstanceMigration;
}
