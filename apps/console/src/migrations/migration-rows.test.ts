// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { makeMigration, succeededMigration } from './migration-fixtures.ts';
import {
  buildMigrationRows,
  filterMigrationRows,
  migrationDurationMs,
  migrationRow,
} from './migration-rows.ts';

const done = succeededMigration;
const running = makeMigration({
  name: 'mig-running',
  vmi: 'vm-db',
  namespace: 'data',
  phase: 'Running',
  from: 'node-b',
  to: 'node-c',
  started: '2025-01-02T00:00:00Z',
  created: '2025-01-02T00:00:00Z',
});
const fresh = makeMigration({ name: 'mig-new', vmi: 'vm-x', created: '2025-01-03T00:00:00Z' });

describe('migrationRow', () => {
  it('reads the VMI, phase, nodes and times of a migration', () => {
    expect(migrationRow(done)).toMatchObject({
      name: 'mig-done',
      namespace: 'apps',
      vmiName: 'vm-web',
      phase: 'Succeeded',
      sourceNode: 'node-a',
      targetNode: 'node-b',
      started: Date.parse('2025-01-01T00:01:00Z'),
      ended: Date.parse('2025-01-01T00:01:42Z'),
    });
  });

  it('calls a migration without a status Pending, with no nodes or times', () => {
    expect(migrationRow(fresh)).toMatchObject({
      phase: 'Pending',
      sourceNode: undefined,
      targetNode: undefined,
      started: undefined,
    });
  });
});

describe('buildMigrationRows', () => {
  it('lists the newest migration first', () => {
    expect(buildMigrationRows([done, fresh, running]).map((row) => row.name)).toEqual([
      'mig-new',
      'mig-running',
      'mig-done',
    ]);
  });
});

describe('migrationDurationMs', () => {
  const now = Date.parse('2025-01-02T00:00:30Z');
  it.each([
    ['an ended migration: start to end', done, 42_000],
    ['a running migration: start to now', running, 30_000],
    ['a migration not started yet: nothing', fresh, undefined],
  ])('measures %s', (_what, migration, expected) => {
    expect(migrationDurationMs(migrationRow(migration), now)).toBe(expected);
  });
});

describe('filterMigrationRows', () => {
  const rows = buildMigrationRows([done, running, fresh]);
  it.each([
    ['', ['mig-new', 'mig-running', 'mig-done']],
    ['VM-WEB', ['mig-done']],
    ['node-c', ['mig-running']],
    ['data', ['mig-running']],
    ['none', []],
  ])('finds %j in %j', (text, names) => {
    expect(filterMigrationRows(rows, text).map((row) => row.name)).toEqual(names);
  });
});
