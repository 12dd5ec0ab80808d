import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  LabelGroup,
  Title,
} from '@patternfly/react-core';
import type { ReactElement, ReactNode } from 'react';
import { Link } from 'react-router';
import { type DataColumn, DataTable } from '../shared/DataTable.tsx';
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

type PodCondition = NonNullable<NonNullable<PodResource['status']>['conditions']>[number];

const conditionColumns: readonly DataColumn<PodCondition>[] = [
  { title: 'Type', cell: (condition) => condition.type },
  { title: 'Status', cell: (condition) => condition.status },
  { title: 'Reason', cell: (condition) => condition.reason ?? missing },
  { title: 'Message', cell: (condition) => condition.message ?? missing },
  { title: 'Last transition', cell: (condition) => condition.lastTransitionTime ?? missing },
];

function ConditionsTable({ pod }: { readonly pod: PodResource }): ReactElement {
  const conditions = pod.status?.conditions ?? [];
  if (conditions.length === 0) return <p>No conditions reported.</p>;
  return (
    <DataTable
      label="Conditions"
      columns={conditionColumns}
      rows={conditions}
      rowKey={(condition) => condition.type}
    />
  );
}

type ContainerRow = ReturnType<typeof podContainerRows>[number];

const containerColumns: readonly DataColumn<ContainerRow>[] = [
  { title: 'Name', cell: (row) => (row.init ? `${row.name} (init)` : row.name) },
  { title: 'Image', breakWord: true, cell: (row) => row.image ?? missing },
  { title: 'State', cell: (row) => <span title={row.message}>{row.state}</span> },
  { title: 'Ready', cell: (row) => (row.ready ? 'True' : 'False') },
  { title: 'Restarts', cell: (row) => row.restarts },
  { title: 'Ports', cell: (row) => (row.ports.length === 0 ? missing : row.ports.join(', ')) },
];

function ContainersTable({ pod }: { readonly pod: PodResource }): ReactElement {
  return (
    <DataTable
      label="Containers"
      columns={containerColumns}
      rows={podContainerRows(pod)}
      rowKey={(row) => `${row.init ? 'init' : 'main'}/${row.name}`}
    />
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
