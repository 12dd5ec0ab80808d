import { type ReactElement, useCallback } from 'react';
import { type ObjectEventColumn, ObjectEventsTab } from '../events/ObjectEventsTab.tsx';
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

const podEventColumns: readonly ObjectEventColumn[] = [
  'time',
  'type',
  'reason',
  'count',
  'message',
];

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
  const select = useCallback(
    (events: readonly KubeEvent[]) => podEvents(events, { namespace, name }),
    [namespace, name],
  );
  return (
    <ObjectEventsTab
      namespace={namespace}
      fieldSelector={`involvedObject.kind=Pod,involvedObject.name=${name}`}
      select={select}
      columns={podEventColumns}
      emptyText="No events about this pod."
    />
  );
}
