import { Label } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { type DataColumn, DataTable } from '../shared/DataTable.tsx';
import { formatAge } from '../shared/format-age.ts';
import { Age, LocalTime } from '../shared/Timestamp.tsx';
import type { TableSortState } from '../shared/use-table-sort.ts';
import { useNow } from '../shared/use-now.ts';
import { vmHref } from '../vms/vm-href.ts';
import {
  migrationDurationMs,
  type MigrationRow,
  type MigrationSortColumn,
} from './migration-rows.ts';

const missing = '-';

const phaseColors: Readonly<Record<string, 'green' | 'red' | 'blue'>> = {
  Succeeded: 'green',
  Failed: 'red',
  Running: 'blue',
};

function Ended({ row, now }: { readonly row: MigrationRow; readonly now: number }) {
  const duration = migrationDurationMs(row, now);
  if (duration === undefined) return missing;
  const took = formatAge(0, duration);
  if (row.ended === undefined) return `running for ${took}`;
  return (
    <>
      <LocalTime at={row.ended} /> (took {took})
    </>
  );
}

function Nodes({ row }: { readonly row: MigrationRow }) {
  if (row.sourceNode === undefined && row.targetNode === undefined) return missing;
  const source = row.sourceNode ?? missing;
  const target = row.targetNode ?? missing;
  return <span aria-label={`from ${source} to ${target}`}>{`${source} → ${target}`}</span>;
}

function Phase({ row }: { readonly row: MigrationRow }): ReactElement {
  return (
    <>
      <Label isCompact color={phaseColors[row.phase] ?? 'grey'}>
        {row.phase}
      </Label>
      {row.failureReason === undefined ? null : ` ${row.failureReason}`}
    </>
  );
}

function migrationColumns(now: number): readonly DataColumn<MigrationRow, MigrationSortColumn>[] {
  return [
    { title: 'Name', sortBy: 'name', cell: (row) => row.name },
    { title: 'Namespace', sortBy: 'namespace', cell: (row) => row.namespace },
    {
      title: 'VMI',
      sortBy: 'vmi',
      cell: (row) => <Link to={vmHref(row.namespace, row.vmiName)}>{row.vmiName}</Link>,
    },
    { title: 'Phase', sortBy: 'phase', cell: (row) => <Phase row={row} /> },
    { title: 'Source → target', sortBy: 'nodes', cell: (row) => <Nodes row={row} /> },
    { title: 'Started', sortBy: 'started', cell: (row) => <LocalTime at={row.started} /> },
    { title: 'Ended', sortBy: 'ended', cell: (row) => <Ended row={row} now={now} /> },
    { title: 'Age', sortBy: 'age', cell: (row) => <Age at={row.created} now={now} /> },
  ];
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
    <DataTable
      label="Migrations"
      columns={migrationColumns(now)}
      rows={rows}
      rowKey={(row) => row.key}
      sorting={sorting}
    />
  );
}
