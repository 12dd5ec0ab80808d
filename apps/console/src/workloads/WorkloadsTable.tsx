import { Table, Tbody, Th, Thead, Tr } from '@patternfly/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactElement, useRef } from 'react';
import { useNow } from '../shared/use-now.ts';
import { WorkloadTableRow, workloadRowHeight } from './WorkloadTableRow.tsx';
import type { WorkloadRow } from './workload-rows.ts';
import type { WorkloadSort, WorkloadSortColumn } from './workload-sort.ts';

/** The columns, in order, with their header text. */
export const workloadColumns: readonly {
  readonly column: WorkloadSortColumn;
  readonly title: string;
  /** Share of the table's width, in percent (names need the most). */
  readonly width: 10 | 15 | 25;
}[] = [
  { column: 'kind', title: 'Kind', width: 15 },
  { column: 'name', title: 'Name', width: 25 },
  { column: 'namespace', title: 'Namespace', width: 15 },
  { column: 'status', title: 'Status', width: 15 },
  { column: 'node', title: 'Node', width: 10 },
  { column: 'ip', title: 'IP', width: 10 },
  { column: 'age', title: 'Age', width: 10 },
];

interface WorkloadsTableProps {
  readonly rows: readonly WorkloadRow[];
  readonly sort: WorkloadSort;
  readonly onSort: (sort: WorkloadSort) => void;
}

function HeaderRow({ sort, onSort }: Omit<WorkloadsTableProps, 'rows'>): ReactElement {
  const activeIndex = workloadColumns.findIndex(({ column }) => column === sort.column);
  return (
    <Thead>
      <Tr aria-rowindex={1}>
        {workloadColumns.map(({ column, title, width }, columnIndex) => (
          <Th
            key={column}
            width={width}
            sort={{
              columnIndex,
              sortBy: { index: activeIndex, direction: sort.direction },
              onSort: (_event, _index, direction) => {
                onSort({ column, direction });
              },
            }}
          >
            {title}
          </Th>
        ))}
      </Tr>
    </Thead>
  );
}

/** A spacer standing in for the rows above or below the rendered window. */
function Spacer({ height }: { readonly height: number }): ReactElement | null {
  if (height <= 0) return null;
  return <tr aria-hidden="true" style={{ height }} />;
}

/**
 * The Workloads table, virtualized: only the rows in (and just around) the scrolled viewport are
 * in the DOM; spacer rows keep the scroll height. The grid announces the full row count.
 */
export function WorkloadsTable({ rows, sort, onSort }: WorkloadsTableProps): ReactElement {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow(5_000);
  // The virtualizer's functions are called here during render and never handed to memoized
  // children, which is the use the compiler warning is about; the build has no React Compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => workloadRowHeight,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div
      ref={scrollRef}
      style={{ maxHeight: 'calc(100vh - 16rem)', minHeight: '16rem', overflow: 'auto' }}
    >
      <Table
        aria-label="Workloads"
        aria-rowcount={rows.length + 1}
        variant="compact"
        isStickyHeader
      >
        <HeaderRow sort={sort} onSort={onSort} />
        <Tbody>
          <Spacer height={top} />
          {items.map((item) => {
            const row = rows[item.index];
            return row === undefined ? null : (
              <WorkloadTableRow key={row.key} row={row} now={now} ariaRowIndex={item.index + 2} />
            );
          })}
          <Spacer height={bottom} />
        </Tbody>
      </Table>
    </div>
  );
}
