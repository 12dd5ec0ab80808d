import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { Content, Label, type LabelProps } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { type DataColumn, DataTable } from '../shared/DataTable.tsx';
import { formatAge } from '../shared/format-age.ts';
import { LocalTime } from '../shared/Timestamp.tsx';
import { type ConditionSeverity, type VmConditionRow, vmConditionRows } from './vm-conditions.ts';

const missing = '-';

const severityColor: Readonly<Record<ConditionSeverity, NonNullable<LabelProps['color']>>> = {
  ok: 'green',
  info: 'grey',
  warning: 'orange',
  danger: 'red',
};

/** The Overview's columns: VM or VMI, and the condition in brief. */
const briefColumns: readonly DataColumn<VmConditionRow>[] = [
  { title: 'Object', cell: (row) => (row.object === 'VirtualMachine' ? 'VM' : 'VMI') },
  { title: 'Type', cell: (row) => row.type },
  { title: 'Status', cell: (row) => row.status },
  { title: 'Reason', cell: (row) => row.reason ?? missing },
  { title: 'Message', cell: (row) => row.message ?? missing },
];

/** The Diagnostics columns: the status coloured by severity, the last transition and its age. */
function detailedColumns(now: number): readonly DataColumn<VmConditionRow>[] {
  return [
    { title: 'Object', cell: (row) => row.object },
    { title: 'Type', cell: (row) => row.type },
    {
      title: 'Status',
      cell: (row) => (
        <Label isCompact color={severityColor[row.severity]}>
          {row.status}
        </Label>
      ),
    },
    { title: 'Reason', cell: (row) => row.reason ?? missing },
    { title: 'Message', breakWord: true, cell: (row) => row.message ?? missing },
    { title: 'Last transition', cell: (row) => <LocalTime at={row.lastTransition} /> },
    {
      title: 'Age',
      cell: (row) =>
        row.lastTransition === undefined ? missing : formatAge(row.lastTransition, now),
    },
  ];
}

/**
 * The conditions of a VM and its VMI: in brief, or (given `now`) with severity, last transition
 * and age.
 */
export function VmConditionsTable(props: {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
  readonly now?: number;
}): ReactElement {
  const rows = vmConditionRows(props.vm, props.vmi);
  if (rows.length === 0) return <Content component="p">No conditions reported.</Content>;
  return (
    <DataTable
      label="Conditions"
      columns={props.now === undefined ? briefColumns : detailedColumns(props.now)}
      rows={rows}
      rowKey={(row) => row.key}
    />
  );
}
