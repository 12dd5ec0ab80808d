import {
  Alert,
  Button,
  Flex,
  FlexItem,
  PageSection,
  Skeleton,
  Tab,
  Tabs,
  TabTitleText,
  Title,
  Tooltip,
} from '@patternfly/react-core';
import { type ReactElement, useMemo } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useK8sWatchResource } from '../k8s/index.ts';
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

function useTab(): [PodDetailTab, (tab: PodDetailTab) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get('tab');
  const tab = podDetailTabs.find((entry) => entry.key === value)?.key ?? 'overview';
  const setTab = (next: PodDetailTab): void => {
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next === 'overview') updated.delete('tab');
      else updated.set('tab', next);
      return updated;
    });
  };
  return [tab, setTab];
}

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
  const [tab, setTab] = useTab();
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
      <Tabs
        activeKey={tab}
        onSelect={(_event, key) => {
          setTab(key as PodDetailTab);
        }}
        aria-label="Pod details"
        mountOnEnter
        unmountOnExit
      >
        {podDetailTabs.map((entry) => (
          <Tab
            key={entry.key}
            eventKey={entry.key}
            title={<TabTitleText>{entry.title}</TabTitleText>}
          >
            {tab === entry.key ? <TabContent tab={entry.key} pod={pod} /> : null}
          </Tab>
        ))}
      </Tabs>
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
  let body: ReactElement;
  if (error !== undefined)
    body = (
      <Alert variant="danger" isInline title={`Could not load pod ${name}`}>
        {error.message}
      </Alert>
    );
  else if (!loaded) body = <Skeleton screenreaderText="Loading the pod" />;
  else if (pod === undefined)
    body = (
      <Alert variant="warning" isInline title={`Pod ${name} not found`}>
        {`There is no pod ${name} in namespace ${namespace}.`}
      </Alert>
    );
  else body = <PodDetails pod={pod} />;
  return <PageSection>{body}</PageSection>;
}
