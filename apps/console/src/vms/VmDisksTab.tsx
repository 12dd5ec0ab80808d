import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { Content, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement, ReactNode } from 'react';
import { formatBytes, type VmDiskRow, vmDiskRows } from './vm-disk-rows.ts';

const missing = '-';

function TypeCell({ row }: { readonly row: VmDiskRow }): ReactNode {
  if (row.origin === 'default') return `${row.type} (no disk declared)`;
  return row.readOnly ? `${row.type} (read-only)` : row.type;
}

function SourceCell({ row }: { readonly row: VmDiskRow }): ReactNode {
  if (row.source === undefined)
    return (
      <Label color="orange" isCompact>
        No volume named {row.name}
      </Label>
    );
  return row.source.kind;
}

function StatusCell({ row }: { readonly row: VmDiskRow }): ReactNode {
  if (row.phase === undefined) return row.reason ?? missing;
  return row.reason === undefined ? row.phase : `${row.phase}: ${row.reason}`;
}

/**
 * The Disks tab: each disk with its volume (type, bus, boot order, source and its image, claim or
 * capacity) and, while the VM runs, the device name in the guest, the volume's phase and size.
 */
export function VmDisksTab({
  vm,
  vmi,
}: {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}): ReactElement {
  const rows = vmDiskRows(vm, vmi);
  if (rows.length === 0) return <Content component="p">This virtual machine has no disks.</Content>;
  return (
    <>
      {vmi === undefined ? (
        <Content component="p">
          The virtual machine is not running: device names, volume status and sizes are shown while
          it runs.
        </Content>
      ) : null}
      <Table aria-label="Disks and volumes" variant="compact">
        <Thead>
          <Tr>
            <Th>Name</Th>
            <Th>Type</Th>
            <Th>Bus</Th>
            <Th>Boot order</Th>
            <Th>Source</Th>
            <Th>Source detail</Th>
            <Th>Device</Th>
            <Th>Status</Th>
            <Th>Size</Th>
          </Tr>
        </Thead>
        <Tbody>
          {rows.map((row) => (
            <Tr key={row.name}>
              <Td dataLabel="Name">{row.name}</Td>
              <Td dataLabel="Type">
                <TypeCell row={row} />
              </Td>
              <Td dataLabel="Bus">{row.bus}</Td>
              <Td dataLabel="Boot order">
                {row.bootOrder === undefined ? missing : row.bootOrder}
              </Td>
              <Td dataLabel="Source">
                <SourceCell row={row} />
              </Td>
              <Td dataLabel="Source detail" modifier="breakWord">
                {row.source?.detail ?? missing}
              </Td>
              <Td dataLabel="Device">{row.target ?? missing}</Td>
              <Td dataLabel="Status">
                <StatusCell row={row} />
              </Td>
              <Td dataLabel="Size">{row.size === undefined ? missing : formatBytes(row.size)}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </>
  );
}
