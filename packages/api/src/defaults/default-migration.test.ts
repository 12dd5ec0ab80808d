import { describe, expect, it } from 'vitest';
import { deepFreeze, migrationWith } from '../validation/test-fixtures.ts';
import { defaultMigration } from './default-migration.ts';

describe('defaultMigration', () => {
  it('labels the migration with its VMI and adds the migration finalizer', () => {
    const result = defaultMigration(deepFreeze(migrationWith({ vmiName: 'testvmi' })));
    expect(result.metadata).toEqual({
      name: 'mig',
      namespace: 'default',
      labels: { 'kubevirt.io/vmi-name': 'testvmi' },
      finalizers: ['kubevirt.io/migrationJobFinalize'],
    });
    expect(result.spec).toEqual({ vmiName: 'testvmi' });
  });

  it('keeps other labels and finalizers', () => {
    const metadata = { name: 'mig', labels: { team: 'a' }, finalizers: ['other'] };
    const result = defaultMigration(deepFreeze(migrationWith({ vmiName: 'v' }, metadata)));
    expect([result.metadata.labels, result.metadata.finalizers]).toEqual([
      { team: 'a', 'kubevirt.io/vmi-name': 'v' },
      ['other', 'kubevirt.io/migrationJobFinalize'],
    ]);
  });

  it('adds no label without a VMI name', () => {
    const result = defaultMigration(deepFreeze(migrationWith({ vmiName: '' })));
    expect(result.metadata.labels).toBeUndefined();
  });

  it('is idempotent', () => {
    const once = defaultMigration(deepFreeze(migrationWith({ vmiName: 'testvmi' })));
    expect(defaultMigration(deepFreeze(once))).toEqual(once);
  });
});
