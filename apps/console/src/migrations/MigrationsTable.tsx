import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { formatAge } from '../shared/format-age.ts';
import type { TableSortState } from '../shared/use-table-sort.ts';
import { useNow } from '../shared/use-now.ts';
import { vmHref } from '../vms/vm-href.ts';
import {
  migrationDurationMs,
  type MigrationRow,
  type MigrationSortColumn,
} from './migration-rows.ts';

const missing = '-';

const columns: readonly { readonly column: MigrationSortColumn; readonly title: string }[] = [
  { column: 'name', title: 'Name' },
  { column: 'namespace', title: 'Namespace' },
  { column: 'vmi', title: 'VMI' },
  { column: 'phase', title: 'Phase' },
  { column: 'nodes', title: 'Source → target' },
  { column: 'started', title: 'Started' },
  { column: 'ended', title: 'Ended' },
  { column: 'age', title: 'Age' },
];

const phaseColors: Readonly<Record<string, 'green' | 'red' | 'blue'>> = {
  Succeeded: 'green',
  Failed: 'red',
  Running: 'blue',
};

function Time({ at }: { readonly at: number | undefined }): ReactElement | string {
  if (at === undefined) return missing;
  const date = new Date(at);
  return <time dateTime={date.toISOString()}>{date.toLocaleString()}</time>;
}

function Ended({ row, now }: { readonly row: MigrationRow; readonly now: number }) {
  const duration = migrationDurationMs(row, now);
  if (duration === undefined) return missing;
  const took = formatAge(0, duration);
  if (row.ended === undefined) return `running for ${took}`;
  return (
    <>
      <Time at={row.ended} /> (took {took})
    </>
  );
}

function Nodes({ row }: { readonly row: MigrationRow }) {
  if (row.sourceNode === undefined && row.targetNode === undefined) return missing;
  const source = row.sourceNode ?? missing;
  const target = row.targetNode ?? missing;
  return <span aria-label={`from ${source} to ${target}`}>{`${source} → ${target}`}</span>;
}

function MigrationTableRow({ row, now }: { readonly row: MigrationRow; readonly now: number }) {
  return (
    <Tr>
      <Td dataLabel="Name">{row.name}</Td>
      <Td dataLabel="Namespace">{row.namespace}</Td>
      <Td dataLabel="VMI">
        <Link to={vmHref(row.namespace, row.vmiName)}>{row.vmiName}</Link>
      </Td>
      <Td dataLabel="Phase">
        <Label isCompact color={phaseColors[row.phase] ?? 'grey'}>
          {row.phase}
        </Label>
        {row.failureReason === undefined ? null : ` ${row.failureReason}`}
      </Td>
      <Td dataLabel="Source → target">
        <Nodes row={row} />
      </Td>
      <Td dataLabel="Started">
        <Time at={row.started} />
      </Td>
      <Td dataLabel="Ended">
        <Ended row={row} now={now} />
      </Td>
      <Td dataLabel="Age">
        {row.created === undefined ? (
          missing
        ) : (
          <time dateTime={new Date(row.created).toISOString()}>{formatAge(row.created, now)}</time>
        )}
      </Td>
    </Tr>
  );
}

/** The live migrations: VMI (linked to its VM), phase, nodes, times; sortable. */
export function MigrationsTable({
  rows,
  sorting,
}: {
  readonly rows: readonly MigrationRow[];
  readonly sorting: TableSortState<MigrationSortColumn>;
}): ReactElement {
  const now = useNow(1_000);
  return (
    <Table aria-label="Migrations" variant="compact">
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
          <MigrationTableRow key={row.key} row={row} now={now} />
        ))}
      </Tbody>
    </Table>
  );
}
