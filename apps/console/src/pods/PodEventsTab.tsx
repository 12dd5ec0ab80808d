import { Alert, Skeleton } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactElement, useMemo } from 'react';
import { useK8sWatchResource } from '../k8s/index.ts';
import { eventTime, type KubeEvent } from '../vms/vm-events.ts';

/** The events about pod `name` (kind Pod, that name and namespace), newest first. */
export function podEvents(
  events: readonly KubeEvent[],
  pod: { readonly namespace: string; readonly name: string },
): KubeEvent[] {
  return events
    .filter(
      ({ involvedObject: object }) =>
        object.kind === 'Pod' &&
        object.name === pod.name &&
        (object.namespace ?? pod.namespace) === pod.namespace,
    )
    .sort((a, b) => eventTime(b) - eventTime(a));
}

function When({ event }: { readonly event: KubeEvent }): ReactElement {
  const at = eventTime(event);
  if (at === 0) return <>-</>;
  return <time dateTime={new Date(at).toISOString()}>{new Date(at).toLocaleString()}</time>;
}

/**
 * The Events tab: the pod's events, live, newest first. The watch asks the server for them alone
 * (an `involvedObject` field selector), so a busy namespace's other events never reach the page.
 */
export function PodEventsTab({
  namespace,
  name,
}: {
  readonly namespace: string;
  readonly name: string;
}): ReactElement {
  const watch = useMemo(
    () => ({
      groupVersionResource: { group: '', version: 'v1', resource: 'events' },
      namespace,
      fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name}`,
      isList: true as const,
    }),
    [namespace, name],
  );
  const [events, loaded, error] = useK8sWatchResource<KubeEvent>(watch);
  const shown = useMemo(() => podEvents(events, { namespace, name }), [events, namespace, name]);
  if (error !== undefined)
    return (
      <Alert variant="danger" isInline title="Could not load events">
        {error.message}
      </Alert>
    );
  if (!loaded) return <Skeleton screenreaderText="Loading events" />;
  if (shown.length === 0) return <p>No events about this pod.</p>;
  return (
    <Table aria-label="Events" variant="compact">
      <Thead>
        <Tr>
          <Th>Time</Th>
          <Th>Type</Th>
          <Th>Reason</Th>
          <Th>Count</Th>
          <Th>Message</Th>
        </Tr>
      </Thead>
      <Tbody>
        {shown.map((event) => (
          <Tr key={event.metadata.uid ?? event.metadata.name}>
            <Td dataLabel="Time">
              <When event={event} />
            </Td>
            <Td dataLabel="Type">{event.type ?? '-'}</Td>
            <Td dataLabel="Reason">{event.reason ?? '-'}</Td>
            <Td dataLabel="Count">{event.count ?? 1}</Td>
            <Td dataLabel="Message">{event.message ?? ''}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
