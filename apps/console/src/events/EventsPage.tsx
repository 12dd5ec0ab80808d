import {
  Alert,
  EmptyState,
  EmptyStateBody,
  FormSelect,
  FormSelectOption,
  PageSection,
  Skeleton,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { type ReactElement, type ReactNode, useDeferredValue, useMemo } from 'react';
import { useNamespace } from '../app/use-namespace.ts';
import { type KubeError, useK8sWatchResource } from '../k8s/index.ts';
import { NameSearch } from '../shared/NameSearch.tsx';
import { sortRows } from '../shared/table-sort.ts';
import { useSearchParam } from '../shared/use-search-param.ts';
import { useTableSort } from '../shared/use-table-sort.ts';
import type { KubeEvent } from '../vms/vm-events.ts';
import {
  buildEventRows,
  eventSortColumns,
  type EventSortColumn,
  eventSortValue,
  eventTypes,
  filterEventRows,
} from './event-rows.ts';
import { eventsResource } from './events-resource.ts';
import { EventsTable } from './EventsTable.tsx';

/** The most rows the table renders; the search narrows the rest. */
export const maxEventRows = 500;

/** The search parameters of the page's filters. */
export const eventQueryParams = { type: 'type', text: 'q' } as const;

const defaultSort = { column: 'time', direction: 'asc' } as const satisfies {
  column: EventSortColumn;
  direction: 'asc';
};

function TypeFilter(props: { readonly type: string; readonly onType: (type: string) => void }) {
  return (
    <FormSelect
      aria-label="Type"
      value={props.type}
      onChange={(_event, value) => {
        props.onType(value);
      }}
    >
      <FormSelectOption value="" label="All types" />
      {eventTypes.map((type) => (
        <FormSelectOption key={type} value={type} label={type} />
      ))}
    </FormSelect>
  );
}

function countText(shown: number, total: number): string {
  if (shown === total) return `${String(total)} events`;
  return `${String(shown)} of ${String(total)} events`;
}

function EventsBody(props: {
  readonly loaded: boolean;
  readonly error: KubeError | undefined;
  readonly children: ReactNode;
}): ReactNode {
  if (props.error !== undefined)
    return (
      <Alert
        variant={props.error.code === 403 ? 'info' : 'danger'}
        isInline
        title={props.error.code === 403 ? 'You may not list events' : 'Could not load events'}
      >
        {props.error.message}
      </Alert>
    );
  if (!props.loaded) return <Skeleton screenreaderText="Loading events" />;
  return props.children;
}

/** The events of the namespace (or all), live, newest first; filter by type, search, sort. */
export function EventsPage(): ReactElement {
  const [namespace] = useNamespace();
  const watch = useMemo(
    () => ({ groupVersionResource: eventsResource, isList: true as const, namespace }),
    [namespace],
  );
  const [events, loaded, error] = useK8sWatchResource<KubeEvent>(watch);
  const [type, setType] = useSearchParam(eventQueryParams.type);
  const [text, setText] = useSearchParam(eventQueryParams.text);
  const search = useDeferredValue(text);
  const sorting = useTableSort(eventSortColumns, defaultSort);
  const rows = useMemo(() => buildEventRows(events), [events]);
  const visible = useMemo(
    () =>
      sortRows(filterEventRows(rows, { type, text: search }), {
        sort: sorting.sort,
        valueOf: eventSortValue,
        tieBreakers: ['time'],
      }),
    [rows, type, search, sorting.sort],
  );
  const filtered = type !== '' || text !== '';
  return (
    <PageSection>
      <Title headingLevel="h1">Events</Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <NameSearch initial={text} onChange={setText} label="Search events" />
          </ToolbarItem>
          <ToolbarItem>
            <TypeFilter type={type} onType={setType} />
          </ToolbarItem>
          <ToolbarItem align={{ default: 'alignEnd' }} role="status">
            {countText(visible.length, rows.length)}
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <EventsBody loaded={loaded} error={error}>
        {visible.length === 0 ? (
          <EmptyState
            titleText={filtered ? 'No events match the filters' : 'No events'}
            headingLevel="h2"
          >
            <EmptyStateBody>
              {filtered
                ? 'Change or clear the type and the search.'
                : 'Nothing has happened here recently (events are kept for about an hour).'}
            </EmptyStateBody>
          </EmptyState>
        ) : (
          <>
            {visible.length > maxEventRows ? (
              <Alert
                variant="info"
                isInline
                isPlain
                title={`Showing the first ${String(maxEventRows)} of ${String(visible.length)}; search or filter to see others`}
              />
            ) : null}
            <EventsTable rows={visible.slice(0, maxEventRows)} sorting={sorting} />
          </>
        )}
      </EventsBody>
    </PageSection>
  );
}
