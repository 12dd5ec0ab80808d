import type { VirtualMachine } from '@podvisor/api';
import { Content } from '@patternfly/react-core';
import { ExclamationCircleIcon } from '@patternfly/react-icons';
import { type ReactElement, useMemo } from 'react';
import { Link } from 'react-router';
import { useK8sWatchResource } from '../k8s/index.ts';
import { vmQueryParams } from '../vms/VirtualMachinesPage.tsx';
import { CountList } from './CountList.tsx';
import { OverviewCard } from './OverviewCard.tsx';
import { listHref } from './overview-links.ts';
import { isVmErrorStatus, vmStatusCounts } from './vm-status-counts.ts';

const vmsResource = { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines' } as const;

const errorIcon = (
  <ExclamationCircleIcon color="var(--pf-t--global--icon--color--status--danger--default)" />
);

/** The Virtual machines card: the VMs counted by printable status, each count linking the list. */
export function VmStatusCard({
  namespace,
}: {
  readonly namespace: string | undefined;
}): ReactElement {
  const watch = useMemo(
    () => ({ groupVersionResource: vmsResource, isList: true as const, namespace }),
    [namespace],
  );
  const [vms, loaded, error] = useK8sWatchResource<VirtualMachine>(watch);
  const entries = useMemo(
    () =>
      vmStatusCounts(vms).map(({ status, count }) => ({
        term: status,
        count,
        label: `${status} virtual machines`,
        href: listHref('/vms', namespace, { [vmQueryParams.status]: status }),
        icon: isVmErrorStatus(status) && count > 0 ? errorIcon : undefined,
      })),
    [vms, namespace],
  );
  const allHref = listHref('/vms', namespace);
  return (
    <OverviewCard
      title="Virtual machines"
      what="virtual machines"
      loaded={loaded}
      error={error}
      footer={<Link to={allHref}>View all {vms.length} virtual machines</Link>}
    >
      {vms.length === 0 ? <Content component="p">No virtual machines here yet.</Content> : null}
      <CountList entries={entries} />
    </OverviewCard>
  );
}
