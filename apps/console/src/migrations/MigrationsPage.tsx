import type { VirtualMachineInstanceMigration } from '@podvisor/api';
import { PageSection, Title } from '@patternfly/react-core';
import { type ReactElement, useMemo } from 'react';
import { useNamespace } from '../app/use-namespace.ts';
import { useK8sWatchResource } from '../k8s/index.ts';
import { type ListEmpty, ListBody } from '../shared/ListBody.tsx';
import { ListToolbar } from '../shared/ListToolbar.tsx';
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

const noMatch: ListEmpty = {
  title: 'No migrations match the search',
  body: 'Change or clear the search.',
};

const noMigrations: ListEmpty = {
  title: 'No migrations',
  body: 'A live migration moves a running virtual machine to another node without stopping it. To start one, choose Migrate in the actions of a running virtual machine; it is listed here while it runs and after it ends.',
};

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
      <ListToolbar
        search={{ text, onChange: setText, label: 'Search migrations' }}
        shown={visible.length}
        total={rows.length}
        what="migrations"
      />
      <ListBody
        what="migrations"
        loaded={loaded}
        error={error}
        empty={visible.length > 0 ? undefined : rows.length > 0 ? noMatch : noMigrations}
      >
        <MigrationsTable rows={visible} sorting={sorting} />
      </ListBody>
    </PageSection>
  );
}
