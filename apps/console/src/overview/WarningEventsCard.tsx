import { Content } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactElement, useMemo } from 'react';
import { Link } from 'react-router';
import { buildEventRows, type EventRow } from '../events/event-rows.ts';
import { EventObjectLink } from '../events/EventObjectLink.tsx';
import { eventsResource } from '../events/events-resource.ts';
import { useK8sWatchResource } from '../k8s/index.ts';
import { formatAge } from '../shared/format-age.ts';
import { useNow } from '../shared/use-now.ts';
import type { KubeEvent } from '../vms/vm-events.ts';
import { OverviewCard } from './OverviewCard.tsx';
import { listHref } from './overview-links.ts';

/** How many warnings the card lists. */
export const recentWarningCount = 10;

function WarningsTable({ rows }: { readonly rows: readonly EventRow[] }): ReactElement {
  const now = useNow(5_000);
  return (
    <Table aria-label="Recent warning events" variant="compact">
      <Thead>
        <Tr>
          <Th>Reason</Th>
          <Th>Object</Th>
          <Th>Message</Th>
          <Th>Age</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.key}>
            <Td dataLabel="Reason">{row.reason}</Td>
            <Td dataLabel="Object">
              <EventObjectLink object={row.object} />
            </Td>
            <Td dataLabel="Message" modifier="breakWord">
              {row.message}
            </Td>
            <Td dataLabel="Age">
              {row.time === undefined ? (
                '-'
              ) : (
                <time dateTime={new Date(row.time).toISOString()}>{formatAge(row.time, now)}</time>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
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
