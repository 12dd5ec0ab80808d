import { Label } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { type DataColumn, DataTable } from '../shared/DataTable.tsx';
import { Age } from '../shared/Timestamp.tsx';
import type { TableSortState } from '../shared/use-table-sort.ts';
import { useNow } from '../shared/use-now.ts';
import type { EventRow, EventSortColumn } from './event-rows.ts';
import { EventObjectLink } from './EventObjectLink.tsx';

function TypeLabel({ type }: { readonly type: string }): ReactElement {
  return (
    <Label isCompact color={type === 'Warning' ? 'orange' : 'grey'}>
      {type === '' ? '-' : type}
    </Label>
  );
}

function eventColumns(now: number): readonly DataColumn<EventRow, EventSortColumn>[] {
  return [
    { title: 'Type', sortBy: 'type', cell: (row) => <TypeLabel type={row.type} /> },
    { title: 'Reason', sortBy: 'reason', cell: (row) => row.reason },
    { title: 'Object', sortBy: 'object', cell: (row) => <EventObjectLink object={row.object} /> },
    { title: 'Namespace', sortBy: 'namespace', cell: (row) => row.namespace ?? '-' },
    { title: 'Message', sortBy: 'message', breakWord: true, cell: (row) => row.message },
    { title: 'Count', sortBy: 'count', cell: (row) => row.count },
    { title: 'Last seen', sortBy: 'time', cell: (row) => <Age at={row.time} now={now} /> },
  ];
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
    <DataTable
      label="Events"
      columns={eventColumns(now)}
      rows={rows}
      rowKey={(row) => row.key}
      sorting={sorting}
    />
  );
}
