import { Label, LabelGroup } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { type DataColumn, DataTable } from '../shared/DataTable.tsx';
import { Age } from '../shared/Timestamp.tsx';
import type { TableSortState } from '../shared/use-table-sort.ts';
import { useNow } from '../shared/use-now.ts';
import { formatCpu, formatMemory } from './node-capacity.ts';
import type { NodeRow, NodeSortColumn } from './node-rows.ts';

const missing = '-';

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

function nodeColumns(now: number): readonly DataColumn<NodeRow, NodeSortColumn>[] {
  return [
    { title: 'Name', sortBy: 'name', cell: (row) => row.name },
    { title: 'Status', sortBy: 'status', cell: (row) => <NodeStatus row={row} /> },
    {
      title: 'Roles',
      sortBy: 'roles',
      cell: (row) => (row.roles.length === 0 ? '<none>' : row.roles.join(', ')),
    },
    { title: 'Version', sortBy: 'version', cell: (row) => row.kubeletVersion ?? missing },
    { title: 'Internal IP', sortBy: 'ip', cell: (row) => row.internalIp ?? missing },
    {
      title: 'CPU',
      sortBy: 'cpu',
      cell: (row) => (row.cpuMillis === undefined ? missing : formatCpu(row.cpuMillis)),
    },
    {
      title: 'Memory',
      sortBy: 'memory',
      cell: (row) => (row.memoryBytes === undefined ? missing : formatMemory(row.memoryBytes)),
    },
    { title: 'Pods', sortBy: 'pods', cell: (row) => row.pods ?? missing },
    { title: 'VMs', sortBy: 'vms', cell: (row) => row.vms ?? missing },
    { title: 'Age', sortBy: 'age', cell: (row) => <Age at={row.created} now={now} /> },
  ];
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
    <DataTable
      label="Nodes"
      columns={nodeColumns(now)}
      rows={rows}
      rowKey={(row) => row.key}
      sorting={sorting}
    />
  );
}
