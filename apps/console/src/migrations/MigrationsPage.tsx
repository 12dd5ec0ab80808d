import type { VirtualMachineInstanceMigration } from '@podvisor/api';
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
import { type ReactElement, type ReactNode, useMemo } from 'react';
import { useNamespace } from '../app/use-namespace.ts';
import { type KubeError, useK8sWatchResource } from '../k8s/index.ts';
import { NameSearch } from '../shared/NameSearch.tsx';
import { sortRows } from '../shared/table-sort.ts';
import { useSearchParam } from '../shared/use-search-param.ts';
import { useTableSort } from '../shared/use-table-sort.ts';
import {
  buildMigrationRows,
  filterMigrationRows,
  migrationSortColumns,
  type MigrationSortColumn,
  migrationSortValue,
  migrationsResource,
} from './migration-rows.ts';
import { MigrationsTable } from './MigrationsTable.tsx';

const defaultSort = { column: 'age', direction: 'asc' } as const satisfies {
  column: MigrationSortColumn;
  direction: 'asc';
};

function NoMigrations({ searching }: { readonly searching: boolean }): ReactElement {
  if (searching)
    return (
      <EmptyState titleText="No migrations match the search" headingLevel="h2">
        <EmptyStateBody>Change or clear the search.</EmptyStateBody>
      </EmptyState>
    );
  return (
    <EmptyState titleText="No migrations" headingLevel="h2">
      <EmptyStateBody>
        A live migration moves a running virtual machine to another node without stopping it. To
        start one, choose Migrate in the actions of a running virtual machine; it is listed here
        while it runs and after it ends.
      </EmptyStateBody>
    </EmptyState>
  );
}

function MigrationsBody(props: {
  readonly loaded: boolean;
  readonly error: KubeError | undefined;
  readonly children: ReactNode;
}): ReactNode {
  if (props.error !== undefined)
    return (
      <Alert
        variant={props.error.code === 403 ? 'info' : 'danger'}
        isInline
        title={
          props.error.code === 403 ? 'You may not list migrations' : 'Could not load migrations'
        }
      >
        {props.error.message}
      </Alert>
    );
  if (!props.loaded) return <Skeleton screenreaderText="Loading migrations" />;
  return props.children;
}

/** The virtual machine instance migrations of the namespace (or all), live; search and sort. */
export function MigrationsPage(): ReactElement {
  const [namespace] = useNamespace();
  const watch = useMemo(
    () => ({ groupVersionResource: migrationsResource, isList: true as const, namespace }),
    [namespace],
  );
  const [migrations, loaded, error] = useK8sWatchResource<VirtualMachineInstanceMigration>(watch);
  const rows = useMemo(() => buildMigrationRows(migrations), [migrations]);
  const [text, setText] = useSearchParam('q');
  const sorting = useTableSort(migrationSortColumns, defaultSort);
  const visible = useMemo(
    () =>
      sortRows(filterMigrationRows(rows, text), {
        sort: sorting.sort,
        valueOf: migrationSortValue,
        tieBreakers: ['namespace', 'name'],
      }),
    [rows, text, sorting.sort],
  );
  return (
    <PageSection>
      <Title headingLevel="h1">Migrations</Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <NameSearch initial={text} onChange={setText} label="Search migrations" />
          </ToolbarItem>
          <ToolbarItem align={{ default: 'alignEnd' }} role="status">
            {visible.length === rows.length
              ? `${String(rows.length)} migrations`
              : `${String(visible.length)} of ${String(rows.length)} migrations`}
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <MigrationsBody loaded={loaded} error={error}>
        {visible.length === 0 ? (
          <NoMigrations searching={rows.length > 0} />
        ) : (
          <MigrationsTable rows={visible} sorting={sorting} />
        )}
      </MigrationsBody>
    </PageSection>
  );
}
