import type { VirtualMachineInstanceMigration } from '@podvisor/api';
import type { SortValue } from '../shared/table-sort.ts';

/** The group, version and plural of migrations, for watches. */
export const migrationsResource = {
  group: 'kubevirt.io',
  version: 'v1',
  resource: 'virtualmachineinstancemigrations',
} as const;

/** One row of the Migrations table. */
export interface MigrationRow {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly vmiName: string;
  /** `status.phase`; `Pending` until the controller has written one. */
  readonly phase: string;
  readonly sourceNode: string | undefined;
  readonly targetNode: string | undefined;
  /** Epoch milliseconds, from `status.migrationState`. */
  readonly started: number | undefined;
  readonly ended: number | undefined;
  /** Why it failed, when it did. */
  readonly failureReason: string | undefined;
  /** creationTimestamp in epoch milliseconds. */
  readonly created: number | undefined;
}

function timestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

type StateFields = Pick<
  MigrationRow,
  'sourceNode' | 'targetNode' | 'started' | 'ended' | 'failureReason'
>;

/** What `status.migrationState` says: the nodes, the times and why it failed. */
function stateFields(migration: VirtualMachineInstanceMigration): StateFields {
  const state = migration.status?.migrationState ?? {};
  return {
    sourceNode: state.sourceNode,
    targetNode: state.targetNode,
    started: timestamp(state.startTimestamp),
    ended: timestamp(state.endTimestamp),
    failureReason: state.failureReason === '' ? undefined : state.failureReason,
  };
}

/** The row of one migration. */
export function migrationRow(migration: VirtualMachineInstanceMigration): MigrationRow {
  const name = migration.metadata.name ?? '';
  const namespace = migration.metadata.namespace ?? '';
  return {
    key: migration.metadata.uid ?? `${namespace}/${name}`,
    name,
    namespace,
    vmiName: migration.spec.vmiName,
    phase: migration.status?.phase ?? 'Pending',
    ...stateFields(migration),
    created: timestamp(migration.metadata.creationTimestamp),
  };
}

/** The migrations' rows, newest first. */
export function buildMigrationRows(
  migrations: readonly VirtualMachineInstanceMigration[],
): MigrationRow[] {
  return migrations
    .map(migrationRow)
    .sort((a, b) => (b.created ?? -Infinity) - (a.created ?? -Infinity));
}

/** How long the migration ran (to `now` while it runs); undefined before it started. */
export function migrationDurationMs(row: MigrationRow, now: number): number | undefined {
  if (row.started === undefined) return undefined;
  return Math.max(0, (row.ended ?? now) - row.started);
}

/** The rows whose name, namespace, VMI or either node contains `text` (case-insensitive). */
export function filterMigrationRows(rows: readonly MigrationRow[], text: string): MigrationRow[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [...rows];
  return rows.filter((row) =>
    [row.name, row.namespace, row.vmiName, row.sourceNode, row.targetNode].some(
      (value) => value?.toLowerCase().includes(needle) === true,
    ),
  );
}

/** The sortable columns of the Migrations table, in column order. */
export const migrationSortColumns = [
  'name',
  'namespace',
  'vmi',
  'phase',
  'nodes',
  'started',
  'ended',
  'age',
] as const;

/** One of {@link migrationSortColumns}. */
export type MigrationSortColumn = (typeof migrationSortColumns)[number];

/** What a row shows in a column, for sorting (times ascending are oldest first; age youngest). */
export function migrationSortValue(row: MigrationRow, column: MigrationSortColumn): SortValue {
  switch (column) {
    case 'vmi':
      return row.vmiName;
    case 'nodes':
      return row.sourceNode;
    case 'age':
      return row.created === undefined ? undefined : -row.created;
    default:
      return row[column];
  }
}
