import { Gallery, PageSection, Stack, Title } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { useNamespace } from '../app/use-namespace.ts';
import { NodesCard } from './NodesCard.tsx';
import { PodPhaseCard } from './PodPhaseCard.tsx';
import { VmStatusCard } from './VmStatusCard.tsx';
import { WarningEventsCard } from './WarningEventsCard.tsx';

/**
 * The Overview: nodes, VMs by status, pods by phase and the recent warning events, all live, in
 * the masthead's namespace (nodes are cluster-wide). Each card loads and fails on its own.
 */
export function OverviewPage(): ReactElement {
  const [namespace] = useNamespace();
  return (
    <PageSection>
      <Stack hasGutter>
        <Title headingLevel="h1">Overview</Title>
        <Gallery hasGutter minWidths={{ default: '18rem' }}>
          <NodesCard namespace={namespace} />
          <VmStatusCard namespace={namespace} />
          <PodPhaseCard namespace={namespace} />
        </Gallery>
        <WarningEventsCard namespace={namespace} />
      </Stack>
    </PageSection>
  );
}
