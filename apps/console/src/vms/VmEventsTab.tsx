import { Alert, Skeleton } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactElement, useMemo } from 'react';
import { useK8sWatchResource } from '../k8s/index.ts';
import { eventTime, type KubeEvent, vmEvents } from './vm-events.ts';

/** The Events tab: live events about the VM and its VMI, newest first. */
export function VmEventsTab({
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
      isList: true as const,
    }),
    [namespace],
  );
  const [events, loaded, error] = useK8sWatchResource<KubeEvent>(watch);
  const shown = useMemo(() => vmEvents(events, { namespace, name }), [events, namespace, name]);
  if (error !== undefined)
    return (
      <Alert variant="danger" isInline title="Could not load events">
        {error.message}
      </Alert>
    );
  if (!loaded) return <Skeleton screenreaderText="Loading events" />;
  if (shown.length === 0) return <p>No events about this virtual machine.</p>;
  return (
    <Table aria-label="Events" variant="compact">
      <Thead>
        <Tr>
          <Th>Time</Th>
          <Th>Type</Th>
          <Th>Reason</Th>
          <Th>Object</Th>
          <Th>Message</Th>
        </Tr>
      </Thead>
      <Tbody>
        {shown.map((event) => {
          const at = eventTime(event);
          return (
            <Tr key={event.metadata.uid ?? event.metadata.name}>
              <Td dataLabel="Time">
                {at === 0 ? (
                  '-'
                ) : (
                  <time dateTime={new Date(at).toISOString()}>{new Date(at).toLocaleString()}</time>
                )}
              </Td>
              <Td dataLabel="Type">{event.type ?? '-'}</Td>
              <Td dataLabel="Reason">{event.reason ?? '-'}</Td>
              <Td dataLabel="Object">{event.involvedObject.kind}</Td>
              <Td dataLabel="Message">{event.message ?? ''}</Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
