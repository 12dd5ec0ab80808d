import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { Content, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement, ReactNode } from 'react';
import { type VmNetworkRow, vmNetworkRows } from './vm-network-rows.ts';
import { VmConnectedServices } from './VmConnectedServices.tsx';

const missing = '-';

function NameCell({ row }: { readonly row: VmNetworkRow }): ReactNode {
  if (row.origin === 'spec') return row.name;
  return (
    <>
      {row.name}{' '}
      <Label isCompact color={row.origin === 'guest' ? 'grey' : 'blue'}>
        {row.origin === 'guest' ? 'reported by the guest' : 'added by default'}
      </Label>
    </>
  );
}

function NetworkCell({ row }: { readonly row: VmNetworkRow }): ReactNode {
  if (row.network?.kind === 'pod') return 'Pod network';
  if (row.network?.kind === 'multus') return `Multus: ${row.network.networkName}`;
  if (row.origin === 'guest') return missing;
  return (
    <Label color="orange" isCompact>
      No network named {row.name}
    </Label>
  );
}

function Addresses({ addresses }: { readonly addresses: readonly string[] }): ReactNode {
  if (addresses.length === 0) return missing;
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {addresses.map((address) => (
        <li key={address}>{address}</li>
      ))}
    </ul>
  );
}

function InterfacesTable({ rows }: { readonly rows: readonly VmNetworkRow[] }): ReactElement {
  return (
    <Table aria-label="Network interfaces" variant="compact">
      <Thead>
        <Tr>
          <Th>Name</Th>
          <Th>Model</Th>
          <Th>Binding</Th>
          <Th>Network</Th>
          <Th>MAC address</Th>
          <Th>IP addresses</Th>
          <Th>Guest interface</Th>
          <Th>Link state</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row, index) => (
          <Tr key={`${row.origin}/${row.name}/${String(index)}`}>
            <Td dataLabel="Name">
              <NameCell row={row} />
            </Td>
            <Td dataLabel="Model">{row.model ?? missing}</Td>
            <Td dataLabel="Binding">{row.binding ?? missing}</Td>
            <Td dataLabel="Network">
              <NetworkCell row={row} />
            </Td>
            <Td dataLabel="MAC address">{row.mac ?? missing}</Td>
            <Td dataLabel="IP addresses">
              <Addresses addresses={row.ipAddresses} />
            </Td>
            <Td dataLabel="Guest interface">{row.guestInterface ?? missing}</Td>
            <Td dataLabel="Link state">{row.linkState ?? missing}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/**
 * The Network tab: each interface with its network (model, binding, pod or Multus network, MAC)
 * and, while the VM runs, what the guest reports: IP addresses, interface name, link state; below,
 * the Services that select the VM and the pods they connect ({@link VmConnectedServices}).
 */
export function VmNetworkTab({
  vm,
  vmi,
}: {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}): ReactElement {
  const rows = vmNetworkRows(vm, vmi);
  let interfaces: ReactNode;
  if (rows.length === 0)
    interfaces = <Content component="p">This virtual machine has no network interfaces.</Content>;
  else
    interfaces = (
      <>
        {vmi === undefined ? (
          <Content component="p">
            The virtual machine is not running: IP addresses, guest interface names and link states
            are shown while it runs.
          </Content>
        ) : null}
        <InterfacesTable rows={rows} />
      </>
    );
  return (
    <>
      {interfaces}
      <VmConnectedServices vm={vm} />
    </>
  );
}
