import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { formatAge } from '../shared/format-age.ts';
import { useNow } from '../shared/use-now.ts';
import { vmHref } from '../vms/vm-href.ts';
import { podHref } from './pod-href.ts';
import type { PodResource } from './pod-resource.ts';
import type { PodRow } from './pod-rows.ts';
import { PodActionsKebab } from './PodActionsKebab.tsx';
import type { PodDeleteAccess } from './use-pod-delete-access.ts';

const missing = '-';

const columns = ['Name', 'Namespace', 'Status', 'Ready', 'Restarts', 'Node', 'IP', 'Age'];

function Age({ at, now }: { readonly at: number | undefined; readonly now: number }) {
  if (at === undefined) return missing;
  return <time dateTime={new Date(at).toISOString()}>{formatAge(at, now)}</time>;
}

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
          aria-label={`VirtualMachine ${row.vmName}`}
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

/** The pods with kubectl's columns; a launcher pod links its VM; a menu per row. */
export function PodsTable({ rows, access, onDelete }: PodsTableProps): ReactElement {
  const now = useNow(5_000);
  return (
    <Table aria-label="Pods" variant="compact">
      <Thead>
        <Tr>
          {columns.map((title) => (
            <Th key={title}>{title}</Th>
          ))}
          <Th screenReaderText="Actions" />
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.key}>
            <Td dataLabel="Name">
              <NameCell row={row} />
            </Td>
            <Td dataLabel="Namespace">{row.namespace}</Td>
            <Td dataLabel="Status">{row.status}</Td>
            <Td dataLabel="Ready">{row.ready}</Td>
            <Td dataLabel="Restarts">{restartsText(row, now)}</Td>
            <Td dataLabel="Node">{row.node ?? missing}</Td>
            <Td dataLabel="IP">{row.ip ?? missing}</Td>
            <Td dataLabel="Age">
              <Age at={row.created} now={now} />
            </Td>
            <Td isActionCell>
              <PodActionsKebab pod={row.pod} access={access(row.namespace)} onDelete={onDelete} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
