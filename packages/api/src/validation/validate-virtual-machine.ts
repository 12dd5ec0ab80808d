import type { ClusterConfig } from '../cluster-config.ts';
import type { VirtualMachine } from '../generated/kubevirt-types.ts';
import { type FieldError, fieldError, guardValidation } from './field-error.ts';
import type { Loose } from './loose.ts';
import { validateVmiSpec } from './validate-vmi-spec.ts';

const runStrategies: readonly string[] = ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once'];

function validateRunStrategy(spec: NonNullable<Loose<VirtualMachine>['spec']>): FieldError[] {
  const errors: FieldError[] = [];
  const { running, runStrategy: strategy } = spec as { running?: unknown; runStrategy?: string };
  const hasRunning = running != null;
  const hasStrategy = strategy != null;
  if (hasRunning && hasStrategy) {
    const message =
      'Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead';
    errors.push(fieldError('FieldValueInvalid', 'spec.running', message));
  }
  if (hasStrategy && !runStrategies.includes(strategy)) {
    errors.push(
      fieldError('FieldValueInvalid', 'spec.runStrategy', `Invalid RunStrategy (${strategy})`),
    );
  }
  return errors;
}

/**
 * Validates a VM (after defaulting): `running` and `runStrategy`, and its template as a VMI spec
 * under `spec.template.spec`. Neither `running` nor `runStrategy` means Halted.
 */
export function validateVirtualMachine(vm: VirtualMachine, config: ClusterConfig): FieldError[] {
  return guardValidation('spec', () => {
    const spec = (vm as Loose<VirtualMachine>).spec;
    if (spec == null) {
      return [fieldError('FieldValueRequired', 'spec', 'spec is a required field')];
    }
    const errors = validateRunStrategy(spec);
    if (spec.template == null) {
      errors.push(
        fieldError('FieldValueRequired', 'spec.template', 'missing virtual machine template.'),
      );
      return errors;
    }
    return [...errors, ...validateVmiSpec('spec.template.spec', spec.template.spec, config)];
  });
}
