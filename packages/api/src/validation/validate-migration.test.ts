import { describe, expect, it } from 'vitest';
import type { VirtualMachineInstanceMigration } from '../generated/kubevirt-types.ts';
import type { FieldError } from './field-error.ts';
import { deepFreeze, migrationWith } from './test-fixtures.ts';
import { validateMigrationCreate, validateMigrationUpdate } from './validate-migration.ts';

type Expected = [field: string, type: FieldError['type']][];
const fields = (errors: FieldError[]): Expected => errors.map((e) => [e.field, e.type]);

const labelled = (
  labels: Record<string, string>,
  phase?: 'Running' | 'Succeeded',
): VirtualMachineInstanceMigration => {
  const m = migrationWith({ vmiName: 'testvmi' }, { name: 'mig', labels });
  return phase === undefined ? m : { ...m, status: { phase } };
};

describe('validateMigrationCreate', () => {
  it.each<[string, VirtualMachineInstanceMigration, Expected]>([
    ['a migration naming its VMI', migrationWith({ vmiName: 'testvmi' }), []],
    [
      'a migration without vmiName',
      migrationWith({ vmiName: '' }),
      [['spec.vmiName', 'FieldValueRequired']],
    ],
    [
      'a migration without spec',
      migrationWith(undefined),
      [['spec.vmiName', 'FieldValueRequired']],
    ],
    [
      'a vmiName that is no object name',
      migrationWith({ vmiName: 'Not_A_Name' }),
      [['spec.vmiName', 'FieldValueInvalid']],
    ],
  ])('%s', (_, m, expected) => {
    expect(fields(validateMigrationCreate(deepFreeze(m)))).toEqual(expected);
  });
});

describe('validateMigrationUpdate', () => {
  const vmiLabel = { 'kubevirt.io/vmi-name': 'testvmi' };
  it.each<[string, VirtualMachineInstanceMigration, VirtualMachineInstanceMigration, Expected]>([
    ['a status change', labelled(vmiLabel), labelled(vmiLabel, 'Running'), []],
    [
      'a spec change',
      migrationWith({ vmiName: 'a' }),
      migrationWith({ vmiName: 'b' }),
      [['spec', 'FieldValueForbidden']],
    ],
    [
      'removing the VMI label in flight',
      labelled(vmiLabel),
      labelled({}),
      [['metadata.labels.kubevirt.io/vmi-name', 'FieldValueNotSupported']],
    ],
    [
      'changing the VMI label in flight',
      labelled(vmiLabel),
      labelled({ 'kubevirt.io/vmi-name': 'other' }),
      [['metadata.labels.kubevirt.io/vmi-name', 'FieldValueNotSupported']],
    ],
    ['removing the VMI label once finished', labelled(vmiLabel), labelled({}, 'Succeeded'), []],
  ])('%s', (_, old, next, expected) => {
    expect(fields(validateMigrationUpdate(deepFreeze(old), deepFreeze(next)))).toEqual(expected);
  });
});
