import {
  Alert,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { SearchIcon } from '@patternfly/react-icons';
import { type ReactElement, useDeferredValue, useMemo, useState } from 'react';
import { NavigationType, useLocation, useNavigationType } from 'react-router';
import { useNamespace } from '../app/use-namespace.ts';
import { parseLabelSelector } from './label-selector.ts';
import {
  type WorkloadQuery,
  type WorkloadQueryChange,
  useWorkloadQuery,
} from './use-workload-query.ts';
import { type WorkloadSourceError, useWorkloads } from './use-workloads.ts';
import { WorkloadsSkeleton } from './WorkloadsSkeleton.tsx';
import { WorkloadsTable } from './WorkloadsTable.tsx';
import { WorkloadsToolbar } from './WorkloadsToolbar.tsx';
import { filterWorkloadRows, workloadStatuses } from './workload-filters.ts';
import { buildWorkloadRows, type WorkloadRow } from './workload-rows.ts';
import { sortWorkloadRows } from './workload-sort.ts';

const resourceTitles: Readonly<Record<string, string>> = {
  pods: 'pods',
  virtualmachines: 'virtual machines',
  virtualmachineinstances: 'virtual machine instances',
};

function LoadErrors({ errors }: { readonly errors: readonly WorkloadSourceError[] }) {
  return errors.map((error) => (
    <Alert
      key={error.resource}
      variant="danger"
      isInline
      title={`Could not load ${resourceTitles[error.resource] ?? error.resource}`}
    >
      {error.message}
    </Alert>
  ));
}

function NoWorkloads({
  filtered,
  onClear,
}: {
  readonly filtered: boolean;
  readonly onClear: () => void;
}) {
  return (
    <EmptyState
      titleText={filtered ? 'No workloads match the filters' : 'No workloads'}
      headingLevel="h2"
      icon={SearchIcon}
    >
      <EmptyStateBody>
        {filtered
          ? 'Change or clear the filters to see more.'
          : 'There are no pods or virtual machines here yet.'}
      </EmptyStateBody>
      {filtered ? (
        <EmptyStateFooter>
          <EmptyStateActions>
            <Button variant="link" onClick={onClear}>
              Clear all filters
            </Button>
          </EmptyStateActions>
        </EmptyStateFooter>
      ) : null}
    </EmptyState>
  );
}

/**
 * A key that changes on navigations other than the toolbar's own replace-updates (links, back,
 * forward, clearing the filters). Typed text lives in the toolbar, so it remounts on this key.
 */
function useExternalNavigationKey(): string {
  const location = useLocation();
  const navigationType = useNavigationType();
  const [key, setKey] = useState(location.key);
  if (navigationType !== NavigationType.Replace && location.key !== key) setKey(location.key);
  return key;
}

const clearFilters: WorkloadQueryChange = {
  kind: undefined,
  status: undefined,
  label: '',
  text: '',
};

function isFiltered(query: WorkloadQuery): boolean {
  return (
    query.kind !== undefined ||
    query.status !== undefined ||
    query.label !== '' ||
    query.text !== ''
  );
}

/** Filters and sorts the rows; text search and label input are deferred to keep typing smooth. */
function useVisibleRows(
  rows: readonly WorkloadRow[],
  query: WorkloadQuery,
  namespace: string | undefined,
) {
  const text = useDeferredValue(query.text);
  const label = useDeferredValue(query.label);
  const selector = useMemo(() => parseLabelSelector(label), [label]);
  const requirements = selector.ok ? selector.requirements : undefined;
  const visible = useMemo(
    () =>
      sortWorkloadRows(
        filterWorkloadRows(rows, {
          kind: query.kind,
          status: query.status,
          namespace,
          text,
          labels: requirements,
        }),
        query.sort,
      ),
    [rows, query.kind, query.status, query.sort, namespace, text, requirements],
  );
  return { visible, labelError: selector.ok ? undefined : selector.message };
}

/** Pods and virtual machines side by side in one live, filterable, virtualized table. */
export function WorkloadsPage(): ReactElement {
  const [namespace] = useNamespace();
  const [query, setQuery] = useWorkloadQuery();
  const data = useWorkloads(namespace);
  const { pods, vms, vmis } = data;
  const rows = useMemo(() => buildWorkloadRows({ pods, vms, vmis }), [pods, vms, vmis]);
  const statuses = useMemo(() => workloadStatuses(rows), [rows]);
  const { visible, labelError } = useVisibleRows(rows, query, namespace);
  const navigationKey = useExternalNavigationKey();
  return (
    <PageSection>
      <Title headingLevel="h1">Workloads</Title>
      <LoadErrors errors={data.errors} />
      <WorkloadsToolbar
        key={navigationKey}
        query={query}
        onChange={setQuery}
        statuses={statuses}
        labelError={labelError}
        shown={visible.length}
        total={rows.length}
      />
      {!data.loaded ? (
        <WorkloadsSkeleton />
      ) : visible.length === 0 ? (
        <NoWorkloads
          filtered={isFiltered(query)}
          onClear={() => {
            // A new history entry: the toolbar remounts with the cleared text.
            setQuery(clearFilters, { push: true });
          }}
        />
      ) : (
        <WorkloadsTable
          rows={visible}
          sort={query.sort}
          onSort={(sort) => {
            setQuery({ sort });
          }}
        />
      )}
    </PageSection>
  );
}
