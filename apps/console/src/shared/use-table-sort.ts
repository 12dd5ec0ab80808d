import type { ThProps } from '@patternfly/react-table';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { SortDirection, TableSort } from './table-sort.ts';

/** The search parameters that hold a table's sort column and direction. */
export const tableSortParams = { column: 'sort', direction: 'dir' } as const;

/** A table's sort, kept in the URL, and the `sort` prop of each sortable header cell. */
export interface TableSortState<C extends string> {
  readonly sort: TableSort<C>;
  /** The `sort` prop of the `Th` of `column` (PatternFly Table). */
  readonly thSort: (column: C) => NonNullable<ThProps['sort']>;
}

function readSort<C extends string>(
  params: URLSearchParams,
  columns: readonly C[],
  fallback: TableSort<C>,
): TableSort<C> {
  const column = columns.find((candidate) => candidate === params.get(tableSortParams.column));
  if (column === undefined) return fallback;
  const direction: SortDirection =
    params.get(tableSortParams.direction) === 'desc' ? 'desc' : 'asc';
  return { column, direction };
}

/**
 * The sort of a table whose sortable columns are `columns`, read from `?sort=&dir=` (else
 * `fallback`); clicking a header replaces the history entry with the new order.
 */
export function useTableSort<C extends string>(
  columns: readonly C[],
  fallback: TableSort<C>,
): TableSortState<C> {
  const [params, setParams] = useSearchParams();
  const sort = useMemo(() => readSort(params, columns, fallback), [params, columns, fallback]);
  const thSort = useCallback(
    (column: C): NonNullable<ThProps['sort']> => ({
      columnIndex: columns.indexOf(column),
      sortBy: { index: columns.indexOf(sort.column), direction: sort.direction },
      onSort: (_event, _index, direction) => {
        setParams(
          (current) => {
            const next = new URLSearchParams(current);
            next.set(tableSortParams.column, column);
            next.set(tableSortParams.direction, direction);
            return next;
          },
          { replace: true },
        );
      },
    }),
    [columns, sort, setParams],
  );
  return { sort, thSort };
}
