import {
  Alert,
  EmptyState,
  EmptyStateBody,
  PageSection,
  Skeleton,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { type ReactElement, useMemo } from 'react';
import { useNamespace } from '../app/use-namespace.ts';
import { useK8sWatchResource } from '../k8s/index.ts';
import { NameSearch } from '../shared/NameSearch.tsx';
import { useSearchParam } from '../shared/use-search-param.ts';
import { podsResource, type PodResource } from './pod-resource.ts';
import { filterPodRows, podRow } from './pod-rows.ts';
import { PodsTable } from './PodsTable.tsx';
import { usePodDelete } from './use-pod-delete.tsx';
import { usePodDeleteAccess } from './use-pod-delete-access.ts';

/** The search parameter of the name filter. */
export const podQueryParams = { text: 'q' } as const;

function usePods(namespace: string | undefined) {
  const watch = useMemo(
    () => ({ groupVersionResource: podsResource, namespace, isList: true as const }),
    [namespace],
  );
  return useK8sWatchResource<PodResource>(watch);
}

/** The pods of the namespace chosen in the masthead (`?ns=`), live, filtered by name (`?q=`). */
export function PodsPage(): ReactElement {
  const [namespace] = useNamespace();
  const [pods, loaded, error] = usePods(namespace);
  const [text, setText] = useSearchParam(podQueryParams.text);
  const rows = useMemo(() => pods.map(podRow), [pods]);
  const visible = useMemo(() => filterPodRows(rows, text), [rows, text]);
  const access = usePodDeleteAccess(useMemo(() => rows.map((row) => row.namespace), [rows]));
  const deletion = usePodDelete();
  return (
    <PageSection>
      <Title headingLevel="h1">Pods</Title>
      {error === undefined ? null : (
        <Alert variant="danger" isInline title="Could not load pods">
          {error.message}
        </Alert>
      )}
      {deletion.feedback}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <NameSearch initial={text} onChange={setText} />
          </ToolbarItem>
          <ToolbarItem variant="pagination">
            {`${String(visible.length)} of ${String(rows.length)}`}
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {!loaded ? (
        <Skeleton screenreaderText="Loading pods" />
      ) : visible.length === 0 ? (
        <EmptyState
          titleText={rows.length === 0 ? 'No pods' : 'No pods match the filter'}
          headingLevel="h2"
        >
          <EmptyStateBody>
            {rows.length === 0 ? 'There are no pods here.' : 'Change or clear the name search.'}
          </EmptyStateBody>
        </EmptyState>
      ) : (
        <PodsTable rows={visible} access={access} onDelete={deletion.request} />
      )}
    </PageSection>
  );
}
