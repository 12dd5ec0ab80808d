import { Content } from '@patternfly/react-core';
import { type ReactElement, useMemo } from 'react';
import { Link } from 'react-router';
import { useK8sWatchResource } from '../k8s/index.ts';
import { workloadQueryParams } from '../workloads/use-workload-query.ts';
import type { Pod } from '../workloads/pod.ts';
import { CountList } from './CountList.tsx';
import { OverviewCard } from './OverviewCard.tsx';
import { listHref } from './overview-links.ts';
import { podPhaseCounts } from './pod-phase-counts.ts';

const podsResource = { group: '', version: 'v1', resource: 'pods' } as const;

/**
 * The Pods card: the pods counted by phase. The counts link the Workloads table narrowed to pods
 * (its status filter reads kubectl's STATUS, which is not the phase: `Completed`, `Error`...).
 */
export function PodPhaseCard({
  namespace,
}: {
  readonly namespace: string | undefined;
}): ReactElement {
  const watch = useMemo(
    () => ({ groupVersionResource: podsResource, isList: true as const, namespace }),
    [namespace],
  );
  const [pods, loaded, error] = useK8sWatchResource<Pod>(watch);
  const href = listHref('/workloads', namespace, { [workloadQueryParams.kind]: 'Pod' });
  const entries = useMemo(
    () =>
      podPhaseCounts(pods).map(({ phase, count }) => ({
        term: phase,
        count,
        label: `${phase} pods`,
        href,
      })),
    [pods, href],
  );
  return (
    <OverviewCard
      title="Pods"
      what="pods"
      loaded={loaded}
      error={error}
      footer={<Link to={href}>View all {pods.length} pods</Link>}
    >
      {pods.length === 0 ? <Content component="p">No pods here yet.</Content> : null}
      <CountList entries={entries} />
    </OverviewCard>
  );
}
