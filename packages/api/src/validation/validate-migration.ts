import type { VirtualMachineInstanceMigration } from '../generated/kubevirt-types.ts';
import { labels } from '../well-known.ts';
import { type FieldError, fieldError, guardValidation } from './field-error.ts';
import { jsonEqual } from './json-equal.ts';
import type { Loose } from './loose.ts';
import { dns1123SubdomainErrors } from './name-errors.ts';

type LooseMigration = Loose<VirtualMachineInstanceMigration>;

/** Validates a new migration: it must name the VMI to migrate. */
export function validateMigrationCreate(m: VirtualMachineInstanceMigration): FieldError[] {
  return guardValidation('spec', () => {
    const vmiName = (m as LooseMigration).spec?.vmiName;
    if (vmiName === undefined || vmiName === '') {
      return [fieldError('FieldValueRequired', 'spec.vmiName', 'vmiName is missing')];
    }
    return dns1123SubdomainErrors(vmiName).map((message) =>
      fieldError('FieldValueInvalid', 'spec.vmiName', `Invalid value: "${vmiName}": ${message}`),
    );
  });
}

function isFinal(m: LooseMigration): boolean {
  const phase = m.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function selectorLabelErrors(old: LooseMigration, next: LooseMigration): FieldError[] {
  if (isFinal(next)) return [];
  const before = (old.metadata?.labels ?? {}) as Record<string, unknown>;
  const after = (next.metadata?.labels ?? {}) as Record<string, unknown>;
  const key = labels.vmiName;
  if (before[key] === undefined || before[key] === after[key]) return [];
  const message =
    after[key] === undefined
      ? "selector label can't be removed from an in-flight migration"
      : "selector label can't be modified on an in-flight migration";
  return [fieldError('FieldValueNotSupported', `metadata.labels.${key}`, message)];
}

/**
 * Validates a migration update: the spec is immutable, and an unfinished migration keeps its
 * `kubevirt.io/vmi-name` label.
 */
export function validateMigrationUpdate(
  old: VirtualMachineInstanceMigration,
  next: VirtualMachineInstanceMigration,
): FieldError[] {
  return guardValidation('spec', () => {
    const before = old as LooseMigration;
    const after = next as LooseMigration;
    const errors: FieldError[] = [];
    if (!jsonEqual(before.spec, after.spec)) {
      errors.push(
        fieldError(
          'FieldValueForbidden',
          'spec',
          "update of Migration object's spec is restricted",
        ),
      );
    }
    return [...errors, ...selectorLabelErrors(before, after)];
  });
}
