import { Content } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon } from '@patternfly/react-icons';
import { type ReactElement, useMemo } from 'react';
import { Link } from 'react-router';
import { useK8sWatchResource } from '../k8s/index.ts';
import { nodesResource, type Node } from '../nodes/node.ts';
import { clusterAllocatable, formatCpu, formatMemory } from '../nodes/node-capacity.ts';
import { nodeStatusCounts } from '../nodes/node-status.ts';
import { type CountEntry, CountList } from './CountList.tsx';
import { OverviewCard } from './OverviewCard.tsx';
import { listHref } from './overview-links.ts';

const nodesWatch = { groupVersionResource: nodesResource, isList: true } as const;

function Capacity({ nodes }: { readonly nodes: readonly Node[] }): ReactElement | null {
  const { cpuMillis, memoryBytes } = clusterAllocatable(nodes);
  if (cpuMillis === undefined && memoryBytes === undefined) return null;
  const parts = [
    cpuMillis === undefined ? undefined : `${formatCpu(cpuMillis)} CPU`,
    memoryBytes === undefined ? undefined : `${formatMemory(memoryBytes)} memory`,
  ].filter((part) => part !== undefined);
  return <Content component="p">Allocatable: {parts.join(', ')}</Content>;
}

/** The Nodes card: how many nodes, how many Ready and NotReady, the cluster's allocatable size. */
export function NodesCard({ namespace }: { readonly namespace: string | undefined }): ReactElement {
  const [nodes, loaded, error] = useK8sWatchResource<Node>(nodesWatch);
  const counts = useMemo(() => nodeStatusCounts(nodes), [nodes]);
  const href = listHref('/nodes', namespace);
  const entries: CountEntry[] = [
    { term: 'Total', count: counts.total, label: 'nodes', href },
    {
      term: 'Ready',
      count: counts.ready,
      label: 'Ready nodes',
      icon: <CheckCircleIcon color="var(--pf-t--global--icon--color--status--success--default)" />,
    },
    {
      term: 'NotReady',
      count: counts.notReady,
      label: 'NotReady nodes',
      icon: (
        <ExclamationCircleIcon color="var(--pf-t--global--icon--color--status--danger--default)" />
      ),
    },
  ];
  if (counts.unknown > 0)
    entries.push({ term: 'Unknown', count: counts.unknown, label: 'nodes in Unknown state' });
  if (counts.schedulingDisabled > 0)
    entries.push({
      term: 'SchedulingDisabled',
      count: counts.schedulingDisabled,
      label: 'cordoned nodes',
    });
  return (
    <OverviewCard
      title="Nodes"
      what="nodes"
      loaded={loaded}
      error={error}
      footer={<Link to={href}>View nodes</Link>}
    >
      <CountList entries={entries} />
      <Capacity nodes={nodes} />
    </OverviewCard>
  );
}
