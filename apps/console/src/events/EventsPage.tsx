import {
  Alert,
  FormSelect,
  FormSelectOption,
  PageSection,
  Title,
  ToolbarItem,
} from '@patternfly/react-core';
import { type ReactElement, useDeferredValue, useMemo } from 'react';
import { useNamespace } from '../app/use-namespace.ts';
import { useK8sWatchResource } from '../k8s/index.ts';
import { type ListEmpty, ListBody } from '../shared/ListBody.tsx';
import { ListToolbar } from '../shared/ListToolbar.tsx';
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

const noMatch: ListEmpty = {
  title: 'No events match the filters',
  body: 'Change or clear the type and the search.',
};

const noEvents: ListEmpty = {
  title: 'No events',
  body: 'Nothing has happened here recently (events are kept for about an hour).',
};

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
      <ListToolbar
        search={{ text, onChange: setText, label: 'Search events' }}
        shown={visible.length}
        total={rows.length}
        what="events"
      >
        <ToolbarItem>
          <TypeFilter type={type} onType={setType} />
        </ToolbarItem>
      </ListToolbar>
      <ListBody
        what="events"
        loaded={loaded}
        error={error}
        empty={visible.length > 0 ? undefined : filtered ? noMatch : noEvents}
      >
        {visible.length > maxEventRows ? (
          <Alert
            variant="info"
            isInline
            isPlain
            title={`Showing the first ${String(maxEventRows)} of ${String(visible.length)}; search or filter to see others`}
          />
        ) : null}
        <EventsTable rows={visible.slice(0, maxEventRows)} sorting={sorting} />
      </ListBody>
    </PageSection>
  );
}
