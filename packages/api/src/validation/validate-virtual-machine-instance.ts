import type { ClusterConfig } from '../cluster-config.ts';
import type { VirtualMachineInstance } from '../generated/kubevirt-types.ts';
import { labels } from '../well-known.ts';
import { type FieldError, fieldError, guardValidation } from './field-error.ts';
import { jsonEqual } from './json-equal.ts';
import type { Loose } from './loose.ts';
import { validateVmiSpec } from './validate-vmi-spec.ts';

type LooseVmi = Loose<VirtualMachineInstance>;

/** Labels only KubeVirt's own service accounts may change on a VMI. */
const reservedLabels: readonly string[] = [
  labels.createdBy,
  labels.migrationJobUid,
  labels.nodeName,
  labels.migrationTargetNodeName,
  labels.nodeSchedulable,
  labels.installStrategy,
];

/** Validates a VMI being created (after defaulting): its whole spec. */
export function validateVirtualMachineInstanceCreate(
  vmi: VirtualMachineInstance,
  config: ClusterConfig,
): FieldError[] {
  return guardValidation('spec', () => validateVmiSpec('spec', (vmi as LooseVmi).spec, config));
}

/** Who sends an update, and which usernames are KubeVirt's own service accounts. */
export interface VirtualMachineInstanceUpdate {
  old: VirtualMachineInstance;
  new: VirtualMachineInstance;
  user: { username: string; groups: readonly string[] };
  operatorServiceAccounts: readonly string[];
}

function reservedLabelsChanged(old: LooseVmi, next: LooseVmi): boolean {
  const before = (old.metadata?.labels ?? {}) as Record<string, unknown>;
  const after = (next.metadata?.labels ?? {}) as Record<string, unknown>;
  return reservedLabels.some((key) => before[key] !== after[key]);
}

/**
 * Validates a VMI update: the spec is immutable and the reserved `kubevirt.io/` labels are
 * fixed, except for Podvisor's own service accounts. Metadata and status may change.
 */
export function validateVirtualMachineInstanceUpdate(
  input: VirtualMachineInstanceUpdate,
): FieldError[] {
  return guardValidation('spec', () => {
    if (input.operatorServiceAccounts.includes(input.user.username)) return [];
    const old = input.old as LooseVmi;
    const next = input.new as LooseVmi;
    const errors: FieldError[] = [];
    if (!jsonEqual(old.spec, next.spec)) {
      errors.push(fieldError('FieldValueForbidden', 'spec', 'update of VMI object is restricted'));
    }
    if (reservedLabelsChanged(old, next)) {
      const message =
        'modification of the following reserved kubevirt.io/ labels on a VMI object is prohibited';
      errors.push(fieldError('FieldValueNotSupported', 'metadata.labels', message));
    }
    return errors;
  });
}
