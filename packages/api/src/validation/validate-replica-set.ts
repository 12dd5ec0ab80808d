import type { ClusterConfig } from '../cluster-config.ts';
import type { VirtualMachineInstanceReplicaSet } from '../generated/kubevirt-types.ts';
import { type FieldError, fieldError, guardValidation } from './field-error.ts';
import {
  type LabelSelectorView,
  labelSelectorError,
  labelSelectorMatches,
} from './label-selector-matches.ts';
import type { Loose } from './loose.ts';
import { validateVmiSpec } from './validate-vmi-spec.ts';

type LooseReplicaSet = Loose<VirtualMachineInstanceReplicaSet>;
type LooseReplicaSetSpec = NonNullable<LooseReplicaSet['spec']>;

function validateReplicas(spec: LooseReplicaSetSpec): FieldError[] {
  const replicas = spec.replicas;
  if (replicas == null || (Number.isInteger(replicas) && replicas >= 0)) return [];
  const message = `spec.replicas '${String(replicas)}': must be greater than or equal to 0.`;
  return [fieldError('FieldValueInvalid', 'spec.replicas', message)];
}

function validateSelector(spec: LooseReplicaSetSpec): FieldError[] {
  const selector = spec.selector as LabelSelectorView | undefined | null;
  if (selector == null) {
    return [fieldError('FieldValueRequired', 'spec.selector', 'spec.selector is a required field')];
  }
  const problem = labelSelectorError(selector);
  if (problem !== undefined) return [fieldError('FieldValueInvalid', 'spec.selector', problem)];
  const templateLabels = (spec.template?.metadata?.labels ?? {}) as Record<string, unknown>;
  if (labelSelectorMatches(selector, templateLabels)) return [];
  return [fieldError('FieldValueInvalid', 'spec.selector', 'selector does not match labels.')];
}

/**
 * Validates a VMI replica set: replicas ≥ 0, a selector that matches the template's labels, and
 * the template as a VMI spec under `spec.template.spec`.
 */
export function validateVirtualMachineInstanceReplicaSet(
  rs: VirtualMachineInstanceReplicaSet,
  config: ClusterConfig,
): FieldError[] {
  return guardValidation('spec', () => {
    const spec = (rs as LooseReplicaSet).spec;
    if (spec == null) {
      return [fieldError('FieldValueRequired', 'spec', 'spec is a required field')];
    }
    const errors = validateReplicas(spec);
    if (spec.template == null) {
      errors.push(
        fieldError('FieldValueRequired', 'spec.template', 'missing virtual machine template.'),
      );
      return errors;
    }
    return [
      ...errors,
      ...validateSelector(spec),
      ...validateVmiSpec('spec.template.spec', spec.template.spec, config),
    ];
  });
}
