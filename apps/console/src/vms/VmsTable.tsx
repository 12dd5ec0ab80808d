import { Checkbox } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { formatAge } from '../shared/format-age.ts';
import { useNow } from '../shared/use-now.ts';
import type { VmAccessLookup } from './use-vm-action-access.ts';
import type { VmAction } from './vm-actions.ts';
import { vmHref } from './vm-href.ts';
import type { VmRow } from './vm-rows.ts';
import type { VmTarget } from './vm-target.ts';
import { VmActionsKebab } from './VmActionsKebab.tsx';

const missing = '-';

const columns = ['Name', 'Namespace', 'Status', 'Ready', 'Node', 'IP', 'CPU', 'Memory', 'Age'];

interface VmsTableProps {
  readonly rows: readonly VmRow[];
  readonly selected: ReadonlySet<string>;
  readonly onSelect: (keys: readonly string[], selected: boolean) => void;
  readonly access: VmAccessLookup;
  readonly onRun: (action: VmAction, targets: readonly VmTarget[]) => void;
}

function Age({ created, now }: { readonly created: number | undefined; readonly now: number }) {
  if (created === undefined) return missing;
  return <time dateTime={new Date(created).toISOString()}>{formatAge(created, now)}</time>;
}

/** The VMs with KubeVirt's columns plus node, IP, CPU and memory; selectable rows, a menu each. */
export function VmsTable({ rows, selected, onSelect, access, onRun }: VmsTableProps): ReactElement {
  const now = useNow(5_000);
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.key));
  return (
    <Table aria-label="Virtual machines" variant="compact">
      <Thead>
        <Tr>
          <Th
            aria-label="Select all"
            select={{
              isSelected: allSelected,
              onSelect: (_event, isSelecting) => {
                onSelect(
                  rows.map((row) => row.key),
                  isSelecting,
                );
              },
            }}
          />
          {columns.map((title) => (
            <Th key={title}>{title}</Th>
          ))}
          <Th screenReaderText="Actions" />
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row, rowIndex) => (
          <Tr key={row.key}>
            <Td>
              <Checkbox
                id={`select-vm-${String(rowIndex)}`}
                aria-label={`Select ${row.name}`}
                isChecked={selected.has(row.key)}
                onChange={(_event, isSelecting) => {
                  onSelect([row.key], isSelecting);
                }}
              />
            </Td>
            <Td dataLabel="Name">
              <Link to={vmHref(row.namespace, row.name)}>{row.name}</Link>
            </Td>
            <Td dataLabel="Namespace">{row.namespace}</Td>
            <Td dataLabel="Status">{row.status}</Td>
            <Td dataLabel="Ready">{row.ready ? 'True' : 'False'}</Td>
            <Td dataLabel="Node">{row.node ?? missing}</Td>
            <Td dataLabel="IP">{row.ip ?? missing}</Td>
            <Td dataLabel="CPU">{row.cpu ?? missing}</Td>
            <Td dataLabel="Memory">{row.memory ?? missing}</Td>
            <Td dataLabel="Age">
              <Age created={row.created} now={now} />
            </Td>
            <Td isActionCell>
              <VmActionsKebab target={row} access={access} onRun={onRun} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
