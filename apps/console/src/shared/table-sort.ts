/** A sort direction of a table column. */
export type SortDirection = 'asc' | 'desc';

/** A table's sort order: one of its columns, and the direction. */
export interface TableSort<C extends string> {
  readonly column: C;
  readonly direction: SortDirection;
}

/** What a row shows in a sortable column: text, a number, or nothing. */
export type SortValue = string | number | undefined;

/** How {@link sortRows} reads the rows. */
export interface SortRowsOptions<R, C extends string> {
  readonly sort: TableSort<C>;
  readonly valueOf: (row: R, column: C) => SortValue;
  /** Columns compared (ascending) when the sort column ties, so the order is stable. */
  readonly tieBreakers: readonly C[];
}

const collator = new Intl.Collator('en', { numeric: true });

/** Compares two values; a missing value (undefined or '') sorts after present ones. */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === undefined || a === '') return 1;
  if (b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * A sorted copy of the rows: by the sort column in its direction (missing values last in either
 * direction), then by the tie-breaker columns ascending.
 */
export function sortRows<R, C extends string>(
  rows: readonly R[],
  options: SortRowsOptions<R, C>,
): R[] {
  const { sort, valueOf, tieBreakers } = options;
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows.toSorted((a, b) => {
    const first = valueOf(a, sort.column);
    const second = valueOf(b, sort.column);
    const missing = missingOrder(first, second);
    if (missing !== 0) return missing;
    const primary = compareSortValues(first, second);
    if (primary !== 0) return sign * primary;
    for (const column of tieBreakers) {
      const order = compareSortValues(valueOf(a, column), valueOf(b, column));
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** Missing values go last whatever the direction: 1 when only `a` is missing, -1 for `b`. */
function missingOrder(a: SortValue, b: SortValue): number {
  const aMissing = a === undefined || a === '';
  const bMissing = b === undefined || b === '';
  if (aMissing === bMissing) return 0;
  return aMissing ? 1 : -1;
}
