import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  LabelGroup,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement, ReactNode } from 'react';
import { Link } from 'react-router';
import { vmHref } from '../vms/vm-href.ts';
import { podStatus } from '../workloads/pod-status.ts';
import { podContainerRows } from './pod-containers.ts';
import type { PodResource } from './pod-resource.ts';
import { launcherVmName } from './pod-rows.ts';

const missing = '-';

function Item(props: { readonly term: string; readonly children: ReactNode }): ReactElement {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{props.term}</DescriptionListTerm>
      <DescriptionListDescription>{props.children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

function Owner({ pod }: { readonly pod: PodResource }): ReactElement {
  const vm = launcherVmName(pod);
  const owners = (pod.metadata.ownerReferences ?? []).map((ref) => `${ref.kind} ${ref.name}`);
  return (
    <>
      {owners.length === 0 ? (vm === undefined ? missing : null) : owners.join(', ')}
      {vm === undefined ? null : (
        <>
          {owners.length === 0 ? null : ' · '}
          <Link to={vmHref(pod.metadata.namespace ?? '', vm)}>{`VirtualMachine ${vm}`}</Link>
        </>
      )}
    </>
  );
}

function Labels({ pod }: { readonly pod: PodResource }): ReactElement {
  const entries = Object.entries(pod.metadata.labels ?? {});
  if (entries.length === 0) return <>{missing}</>;
  return (
    <LabelGroup numLabels={10} aria-label="Labels">
      {entries.map(([key, value]) => (
        <Label key={key} isCompact>{`${key}=${value}`}</Label>
      ))}
    </LabelGroup>
  );
}

function ConditionsTable({ pod }: { readonly pod: PodResource }): ReactElement {
  const conditions = pod.status?.conditions ?? [];
  if (conditions.length === 0) return <p>No conditions reported.</p>;
  return (
    <Table aria-label="Conditions" variant="compact">
      <Thead>
        <Tr>
          <Th>Type</Th>
          <Th>Status</Th>
          <Th>Reason</Th>
          <Th>Message</Th>
          <Th>Last transition</Th>
        </Tr>
      </Thead>
      <Tbody>
        {conditions.map((condition) => (
          <Tr key={condition.type}>
            <Td dataLabel="Type">{condition.type}</Td>
            <Td dataLabel="Status">{condition.status}</Td>
            <Td dataLabel="Reason">{condition.reason ?? missing}</Td>
            <Td dataLabel="Message">{condition.message ?? missing}</Td>
            <Td dataLabel="Last transition">{condition.lastTransitionTime ?? missing}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function ContainersTable({ pod }: { readonly pod: PodResource }): ReactElement {
  const rows = podContainerRows(pod);
  return (
    <Table aria-label="Containers" variant="compact">
      <Thead>
        <Tr>
          <Th>Name</Th>
          <Th>Image</Th>
          <Th>State</Th>
          <Th>Ready</Th>
          <Th>Restarts</Th>
          <Th>Ports</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={`${row.init ? 'init' : 'main'}/${row.name}`}>
            <Td dataLabel="Name">{row.init ? `${row.name} (init)` : row.name}</Td>
            <Td dataLabel="Image" modifier="breakWord">
              {row.image ?? missing}
            </Td>
            <Td dataLabel="State">
              <span title={row.message}>{row.state}</span>
            </Td>
            <Td dataLabel="Ready">{row.ready ? 'True' : 'False'}</Td>
            <Td dataLabel="Restarts">{row.restarts}</Td>
            <Td dataLabel="Ports">{row.ports.length === 0 ? missing : row.ports.join(', ')}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function podIps(pod: PodResource): string {
  const ips = (pod.status?.podIPs ?? []).map((entry) => entry.ip);
  if (ips.length > 0) return ips.join(', ');
  return pod.status?.podIP ?? missing;
}

/** The Overview tab: status, placement, owner (the VM of a launcher), labels, conditions, containers. */
export function PodOverviewTab({ pod }: { readonly pod: PodResource }): ReactElement {
  const status = pod.status ?? {};
  return (
    <>
      <DescriptionList isHorizontal aria-label="Pod summary">
        <Item term="Status">{podStatus(pod)}</Item>
        <Item term="Phase">{status.phase ?? missing}</Item>
        <Item term="Node">{pod.spec?.nodeName ?? missing}</Item>
        <Item term="Pod IPs">{podIps(pod)}</Item>
        <Item term="Host IP">{status.hostIP ?? missing}</Item>
        <Item term="QoS class">{status.qosClass ?? missing}</Item>
        <Item term="Owner">
          <Owner pod={pod} />
        </Item>
        <Item term="Created">{pod.metadata.creationTimestamp ?? missing}</Item>
        <Item term="Labels">
          <Labels pod={pod} />
        </Item>
      </DescriptionList>
      <Title headingLevel="h2">Conditions</Title>
      <ConditionsTable pod={pod} />
      <Title headingLevel="h2">Containers</Title>
      <ContainersTable pod={pod} />
    </>
  );
}
