import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement } from 'react';
import { formatAge } from '../shared/format-age.ts';
import type { TableSortState } from '../shared/use-table-sort.ts';
import { useNow } from '../shared/use-now.ts';
import type { EventRow, EventSortColumn } from './event-rows.ts';
import { EventObjectLink } from './EventObjectLink.tsx';

const columns: readonly { readonly column: EventSortColumn; readonly title: string }[] = [
  { column: 'type', title: 'Type' },
  { column: 'reason', title: 'Reason' },
  { column: 'object', title: 'Object' },
  { column: 'namespace', title: 'Namespace' },
  { column: 'message', title: 'Message' },
  { column: 'count', title: 'Count' },
  { column: 'time', title: 'Last seen' },
];

function EventTableRow({ row, now }: { readonly row: EventRow; readonly now: number }) {
  return (
    <Tr>
      <Td dataLabel="Type">
        <Label isCompact color={row.type === 'Warning' ? 'orange' : 'grey'}>
          {row.type === '' ? '-' : row.type}
        </Label>
      </Td>
      <Td dataLabel="Reason">{row.reason}</Td>
      <Td dataLabel="Object">
        <EventObjectLink object={row.object} />
      </Td>
      <Td dataLabel="Namespace">{row.namespace ?? '-'}</Td>
      <Td dataLabel="Message" modifier="breakWord">
        {row.message}
      </Td>
      <Td dataLabel="Count">{row.count}</Td>
      <Td dataLabel="Last seen">
        {row.time === undefined ? (
          '-'
        ) : (
          <time dateTime={new Date(row.time).toISOString()}>{formatAge(row.time, now)}</time>
        )}
      </Td>
    </Tr>
  );
}

/** Events with their object linked to its page; sortable. */
export function EventsTable({
  rows,
  sorting,
}: {
  readonly rows: readonly EventRow[];
  readonly sorting: TableSortState<EventSortColumn>;
}): ReactElement {
  const now = useNow(5_000);
  return (
    <Table aria-label="Events" variant="compact">
      <Thead>
        <Tr>
          {columns.map(({ column, title }) => (
            <Th key={column} sort={sorting.thSort(column)}>
              {title}
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <EventTableRow key={row.key} row={row} now={now} />
        ))}
      </Tbody>
    </Table>
  );
}
