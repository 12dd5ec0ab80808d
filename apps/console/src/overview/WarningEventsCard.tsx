import { Content } from '@patternfly/react-core';
import { type ReactElement, useMemo } from 'react';
import { Link } from 'react-router';
import { buildEventRows, type EventRow } from '../events/event-rows.ts';
import { EventObjectLink } from '../events/EventObjectLink.tsx';
import { eventsResource } from '../events/events-resource.ts';
import { useK8sWatchResource } from '../k8s/index.ts';
import { type DataColumn, DataTable } from '../shared/DataTable.tsx';
import { Age } from '../shared/Timestamp.tsx';
import { useNow } from '../shared/use-now.ts';
import type { KubeEvent } from '../vms/vm-events.ts';
import { OverviewCard } from './OverviewCard.tsx';
import { listHref } from './overview-links.ts';

/** How many warnings the card lists. */
export const recentWarningCount = 10;

function warningColumns(now: number): readonly DataColumn<EventRow>[] {
  return [
    { title: 'Reason', cell: (row) => row.reason },
    { title: 'Object', cell: (row) => <EventObjectLink object={row.object} /> },
    { title: 'Message', breakWord: true, cell: (row) => row.message },
    { title: 'Age', cell: (row) => <Age at={row.time} now={now} /> },
  ];
}

function WarningsTable({ rows }: { readonly rows: readonly EventRow[] }): ReactElement {
  const now = useNow(5_000);
  return (
    <DataTable
      label="Recent warning events"
      columns={warningColumns(now)}
      rows={rows}
      rowKey={(row) => row.key}
    />
  );
}

/** The last {@link recentWarningCount} Warning events of the namespace (or all), live. */
export function WarningEventsCard({
  namespace,
}: {
  readonly namespace: string | undefined;
}): ReactElement {
  const watch = useMemo(
    () => ({
      groupVersionResource: eventsResource,
      isList: true as const,
      namespace,
      fieldSelector: 'type=Warning',
    }),
    [namespace],
  );
  const [events, loaded, error] = useK8sWatchResource<KubeEvent>(watch);
  const rows = useMemo(
    () =>
      buildEventRows(events)
        .filter((row) => row.type === 'Warning')
        .slice(0, recentWarningCount),
    [events],
  );
  return (
    <OverviewCard
      title="Recent warning events"
      what="events"
      loaded={loaded}
      error={error}
      footer={<Link to={listHref('/events', namespace, { type: 'Warning' })}>View all events</Link>}
    >
      {rows.length === 0 ? (
        <Content component="p">No warning events.</Content>
      ) : (
        <WarningsTable rows={rows} />
      )}
    </OverviewCard>
  );
}
