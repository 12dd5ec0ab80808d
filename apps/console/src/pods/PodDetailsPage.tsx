import { Button, Flex, FlexItem, PageSection, Title, Tooltip } from '@patternfly/react-core';
import { type ReactElement, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useK8sWatchResource } from '../k8s/index.ts';
import { ObjectPageBody } from '../shared/ObjectPageBody.tsx';
import { UrlTabs } from '../shared/UrlTabs.tsx';
import { podDeleteDisabledReason } from './pod-delete.ts';
import { podsResource, type PodResource } from './pod-resource.ts';
import { PodEventsTab } from './PodEventsTab.tsx';
import { PodLogsTab } from './PodLogsTab.tsx';
import { PodOverviewTab } from './PodOverviewTab.tsx';
import { PodYamlTab } from './PodYamlTab.tsx';
import { usePodDelete } from './use-pod-delete.tsx';
import { usePodDeleteAccess } from './use-pod-delete-access.ts';

/** The details tabs, in order; the URL's `?tab=` holds the key (Overview when absent). */
export const podDetailTabs = [
  { key: 'overview', title: 'Overview' },
  { key: 'logs', title: 'Logs' },
  { key: 'events', title: 'Events' },
  { key: 'yaml', title: 'YAML' },
] as const;

type PodDetailTab = (typeof podDetailTabs)[number]['key'];

function TabContent(props: { readonly tab: PodDetailTab; readonly pod: PodResource }) {
  const { tab, pod } = props;
  switch (tab) {
    case 'overview':
      return <PodOverviewTab pod={pod} />;
    case 'logs':
      return <PodLogsTab pod={pod} />;
    case 'events':
      return (
        <PodEventsTab namespace={pod.metadata.namespace ?? ''} name={pod.metadata.name ?? ''} />
      );
    case 'yaml':
      return <PodYamlTab pod={pod} />;
  }
}

function DeleteButton({ pod }: { readonly pod: PodResource }): ReactElement {
  const namespace = pod.metadata.namespace ?? '';
  const access = usePodDeleteAccess(useMemo(() => [namespace], [namespace]));
  const navigate = useNavigate();
  const onDeleted = useMemo(
    () => () => {
      void navigate(`/pods?${new URLSearchParams({ ns: namespace }).toString()}`);
    },
    [navigate, namespace],
  );
  const deletion = usePodDelete({ onDeleted });
  const reason = podDeleteDisabledReason(pod, access(namespace));
  return (
    <>
      {/* Always inside the tooltip, so the button keeps its DOM node (and focus) as it toggles. */}
      <Tooltip
        content={reason}
        trigger={reason === undefined ? 'manual' : 'mouseenter focus'}
        {...(reason === undefined ? { isVisible: false } : {})}
      >
        <Button
          variant="danger"
          isAriaDisabled={reason !== undefined}
          onClick={() => {
            deletion.request(pod);
          }}
        >
          Delete
        </Button>
      </Tooltip>
      {deletion.feedback}
    </>
  );
}

function PodDetails({ pod }: { readonly pod: PodResource }): ReactElement {
  return (
    <>
      <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }}>
        <FlexItem>
          <Title headingLevel="h1">{pod.metadata.name}</Title>
        </FlexItem>
        <FlexItem>
          <DeleteButton pod={pod} />
        </FlexItem>
      </Flex>
      <UrlTabs
        tabs={podDetailTabs}
        fallback="overview"
        label="Pod details"
        render={(tab) => <TabContent tab={tab} pod={pod} />}
      />
    </>
  );
}

/** A pod's page (`/pods/:namespace/:name`): Delete in the header, tabs deep-linked by `?tab=`. */
export function PodDetailsPage(): ReactElement {
  const { namespace = '', name = '' } = useParams();
  const watch = useMemo(
    () => ({ groupVersionResource: podsResource, namespace, name, isList: false as const }),
    [namespace, name],
  );
  const [pod, loaded, error] = useK8sWatchResource<PodResource>(watch);
  return (
    <PageSection>
      <ObjectPageBody
        what="pod"
        namespace={namespace}
        name={name}
        object={pod}
        loaded={loaded}
        error={error}
      >
        {(found) => <PodDetails pod={found} />}
      </ObjectPageBody>
    </PageSection>
  );
}
