import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement, ReactNode } from 'react';
import type { TableSortState } from './use-table-sort.ts';

/** A column of a {@link DataTable}: its header, its cell, and the sort column it stands for. */
export interface DataColumn<R, C extends string = never> {
  readonly title: string;
  readonly cell: (row: R) => ReactNode;
  /** Long text (messages, images) wraps anywhere. */
  readonly breakWord?: boolean;
  /** Sortable by this column of the table's `sorting`. */
  readonly sortBy?: C;
}

/** What {@link DataTable} shows. */
export interface DataTableProps<R, C extends string = never> {
  /** The table's accessible name. */
  readonly label: string;
  readonly columns: readonly DataColumn<R, C>[];
  readonly rows: readonly R[];
  /** A key unique among the rows (the row's index when nothing else is). */
  readonly rowKey: (row: R, index: number) => string;
  /** The sort of the columns that name a `sortBy`. */
  readonly sorting?: TableSortState<C>;
  /** A last, unlabelled-header cell per row (a kebab menu), announced as "Actions". */
  readonly actions?: (row: R) => ReactNode;
}

/**
 * A compact PatternFly table of `rows`: one header per column (sortable where the column names
 * a `sortBy` and the table has `sorting`), each cell labelled with its column's title.
 */
export function DataTable<R, C extends string = never>(props: DataTableProps<R, C>): ReactElement {
  const { label, columns, rows, rowKey, sorting, actions } = props;
  return (
    <Table aria-label={label} variant="compact">
      <Thead>
        <Tr>
          {columns.map(({ title, sortBy }) => (
            <Th
              key={title}
              {...(sortBy === undefined || sorting === undefined
                ? {}
                : { sort: sorting.thSort(sortBy) })}
            >
              {title}
            </Th>
          ))}
          {actions === undefined ? null : <Th screenReaderText="Actions" />}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row, index) => (
          <Tr key={rowKey(row, index)}>
            {columns.map(({ title, cell, breakWord }) => (
              <Td
                key={title}
                dataLabel={title}
                {...(breakWord === true ? { modifier: 'breakWord' } : {})}
              >
                {cell(row)}
              </Td>
            ))}
            {actions === undefined ? null : <Td isActionCell>{actions(row)}</Td>}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
