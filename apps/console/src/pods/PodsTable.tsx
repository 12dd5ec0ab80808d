import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { type DataColumn, DataTable } from '../shared/DataTable.tsx';
import { formatAge } from '../shared/format-age.ts';
import { Age } from '../shared/Timestamp.tsx';
import { useNow } from '../shared/use-now.ts';
import { vmHref } from '../vms/vm-href.ts';
import { podHref } from './pod-href.ts';
import type { PodResource } from './pod-resource.ts';
import type { PodRow } from './pod-rows.ts';
import { PodActionsKebab } from './PodActionsKebab.tsx';
import type { PodDeleteAccess } from './use-pod-delete-access.ts';

const missing = '-';

/** kubectl's RESTARTS: the count, and how long ago the last one was (`3 (5m ago)`). */
function restartsText(row: PodRow, now: number): string {
  if (row.restarts === 0 || row.lastRestart === undefined) return String(row.restarts);
  return `${String(row.restarts)} (${formatAge(row.lastRestart, now)} ago)`;
}

function NameCell({ row }: { readonly row: PodRow }): ReactElement {
  return (
    <>
      <Link to={podHref(row.namespace, row.name)}>{row.name}</Link>
      {row.vmName === undefined ? null : (
        <Link
          to={vmHref(row.namespace, row.vmName)}
          aria-label={`VM ${row.vmName}`}
          title={row.vmName}
          style={{ marginInlineStart: '0.5rem', fontSize: 'var(--pf-t--global--font--size--sm)' }}
        >
          VM
        </Link>
      )}
    </>
  );
}

interface PodsTableProps {
  readonly rows: readonly PodRow[];
  readonly access: PodDeleteAccess;
  readonly onDelete: (pod: PodResource) => void;
}

function podColumns(now: number): readonly DataColumn<PodRow>[] {
  return [
    { title: 'Name', cell: (row) => <NameCell row={row} /> },
    { title: 'Namespace', cell: (row) => row.namespace },
    { title: 'Status', cell: (row) => row.status },
    { title: 'Ready', cell: (row) => row.ready },
    { title: 'Restarts', cell: (row) => restartsText(row, now) },
    { title: 'Node', cell: (row) => row.node ?? missing },
    { title: 'IP', cell: (row) => row.ip ?? missing },
    { title: 'Age', cell: (row) => <Age at={row.created} now={now} /> },
  ];
}

/** The pods with kubectl's columns; a launcher pod links its VM; a menu per row. */
export function PodsTable({ rows, access, onDelete }: PodsTableProps): ReactElement {
  const now = useNow(5_000);
  return (
    <DataTable
      label="Pods"
      columns={podColumns(now)}
      rows={rows}
      rowKey={(row) => row.key}
      actions={(row) => (
        <PodActionsKebab pod={row.pod} access={access(row.namespace)} onDelete={onDelete} />
      )}
    />
  );
}
