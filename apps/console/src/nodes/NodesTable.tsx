import { Label, LabelGroup } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement } from 'react';
import { formatAge } from '../shared/format-age.ts';
import type { TableSortState } from '../shared/use-table-sort.ts';
import { useNow } from '../shared/use-now.ts';
import { formatCpu, formatMemory } from './node-capacity.ts';
import type { NodeRow, NodeSortColumn } from './node-rows.ts';

const missing = '-';

const columns: readonly { readonly column: NodeSortColumn; readonly title: string }[] = [
  { column: 'name', title: 'Name' },
  { column: 'status', title: 'Status' },
  { column: 'roles', title: 'Roles' },
  { column: 'version', title: 'Version' },
  { column: 'ip', title: 'Internal IP' },
  { column: 'cpu', title: 'CPU' },
  { column: 'memory', title: 'Memory' },
  { column: 'pods', title: 'Pods' },
  { column: 'vms', title: 'VMs' },
  { column: 'age', title: 'Age' },
];

const readinessColor = { Ready: 'green', NotReady: 'red', Unknown: 'grey' } as const;

function NodeStatus({ row }: { readonly row: NodeRow }): ReactElement {
  return (
    <LabelGroup>
      <Label isCompact color={readinessColor[row.readiness]}>
        {row.readiness}
      </Label>
      {row.schedulable ? null : (
        <Label isCompact color="orange">
          SchedulingDisabled
        </Label>
      )}
    </LabelGroup>
  );
}

function NodeTableRow({ row, now }: { readonly row: NodeRow; readonly now: number }) {
  return (
    <Tr>
      <Td dataLabel="Name">{row.name}</Td>
      <Td dataLabel="Status">
        <NodeStatus row={row} />
      </Td>
      <Td dataLabel="Roles">{row.roles.length === 0 ? '<none>' : row.roles.join(', ')}</Td>
      <Td dataLabel="Version">{row.kubeletVersion ?? missing}</Td>
      <Td dataLabel="Internal IP">{row.internalIp ?? missing}</Td>
      <Td dataLabel="CPU">{row.cpuMillis === undefined ? missing : formatCpu(row.cpuMillis)}</Td>
      <Td dataLabel="Memory">
        {row.memoryBytes === undefined ? missing : formatMemory(row.memoryBytes)}
      </Td>
      <Td dataLabel="Pods">{row.pods ?? missing}</Td>
      <Td dataLabel="VMs">{row.vms ?? missing}</Td>
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

/** The nodes with kubectl's columns plus capacity and the pods and VMs on each; sortable. */
export function NodesTable({
  rows,
  sorting,
}: {
  readonly rows: readonly NodeRow[];
  readonly sorting: TableSortState<NodeSortColumn>;
}): ReactElement {
  const now = useNow(5_000);
  return (
    <Table aria-label="Nodes" variant="compact">
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
          <NodeTableRow key={row.key} row={row} now={now} />
        ))}
      </Tbody>
    </Table>
  );
}
