import type { WorkloadRow } from './workload-rows.ts';

/** The sortable columns of the Workloads table. */
export const workloadSortColumns = [
  'kind',
  'name',
  'namespace',
  'status',
  'node',
  'ip',
  'age',
] as const;

/** One of {@link workloadSortColumns}. */
export type WorkloadSortColumn = (typeof workloadSortColumns)[number];

/** A sort order: column and direction. */
export interface WorkloadSort {
  readonly column: WorkloadSortColumn;
  readonly direction: 'asc' | 'desc';
}

/** The default order: namespace, then name. */
export const defaultWorkloadSort: WorkloadSort = { column: 'namespace', direction: 'asc' };

const collator = new Intl.Collator('en', { numeric: true });

/** Compares possibly missing strings; missing values sort after present ones. */
function compareText(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined || a === '') return 1;
  if (b === undefined || b === '') return -1;
  return collator.compare(a, b);
}

/** Age ascending is youngest first: newer creation times first; unknown times last. */
function compareAge(a: WorkloadRow, b: WorkloadRow): number {
  if (a.created === b.created) return 0;
  if (a.created === undefined) return 1;
  if (b.created === undefined) return -1;
  return b.created - a.created;
}

function compareColumn(column: WorkloadSortColumn, a: WorkloadRow, b: WorkloadRow): number {
  if (column === 'age') return compareAge(a, b);
  return compareText(a[column], b[column]);
}

const tieBreakers: readonly WorkloadSortColumn[] = ['namespace', 'name', 'kind'];

/**
 * A sorted copy of the rows: by the column in the direction, then by namespace, name and kind
 * (ascending) so the order is stable and predictable.
 */
export function sortWorkloadRows(rows: readonly WorkloadRow[], sort: WorkloadSort): WorkloadRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows.toSorted((a, b) => {
    const primary = compareColumn(sort.column, a, b);
    if (primary !== 0) return sign * primary;
    for (const column of tieBreakers) {
      const order = compareColumn(column, a, b);
      if (order !== 0) return order;
    }
    return 0;
  });
}
