import { Alert, Skeleton } from '@patternfly/react-core';
import { type ReactElement, useMemo } from 'react';
import { useK8sWatchResource } from '../k8s/index.ts';
import { type DataColumn, DataTable } from '../shared/DataTable.tsx';
import { LocalTime } from '../shared/Timestamp.tsx';
import { eventTime, type KubeEvent } from '../vms/vm-events.ts';
import { eventsResource } from './events-resource.ts';

/** The columns an {@link ObjectEventsTab} can show. */
export type ObjectEventColumn = 'time' | 'type' | 'reason' | 'object' | 'count' | 'message';

function eventAt(event: KubeEvent): number | undefined {
  const at = eventTime(event);
  return at === 0 ? undefined : at;
}

const eventColumns: Readonly<Record<ObjectEventColumn, DataColumn<KubeEvent>>> = {
  time: { title: 'Time', cell: (event) => <LocalTime at={eventAt(event)} /> },
  type: { title: 'Type', cell: (event) => event.type ?? '-' },
  reason: { title: 'Reason', cell: (event) => event.reason ?? '-' },
  object: { title: 'Object', cell: (event) => event.involvedObject.kind },
  count: { title: 'Count', cell: (event) => event.count ?? 1 },
  message: { title: 'Message', cell: (event) => event.message ?? '' },
};

/** What an {@link ObjectEventsTab} watches and shows. */
export interface ObjectEventsTabProps {
  readonly namespace: string;
  /** Narrows the watch on the server (an `involvedObject` field selector). */
  readonly fieldSelector?: string;
  /** The events about the object, in the order to show them. */
  readonly select: (events: readonly KubeEvent[]) => KubeEvent[];
  readonly columns: readonly ObjectEventColumn[];
  /** The sentence shown when there are none. */
  readonly emptyText: string;
}

/**
 * The Events tab of a details page: the namespace's events (narrowed by `fieldSelector`), live,
 * those `select` keeps, in a table of `columns`.
 */
export function ObjectEventsTab(props: ObjectEventsTabProps): ReactElement {
  const { namespace, fieldSelector, select } = props;
  const watch = useMemo(
    () => ({
      groupVersionResource: eventsResource,
      namespace,
      ...(fieldSelector === undefined ? {} : { fieldSelector }),
      isList: true as const,
    }),
    [namespace, fieldSelector],
  );
  const [events, loaded, error] = useK8sWatchResource<KubeEvent>(watch);
  const shown = useMemo(() => select(events), [events, select]);
  const columns = useMemo(() => props.columns.map((key) => eventColumns[key]), [props.columns]);
  if (error !== undefined)
    return (
      <Alert variant="danger" isInline title="Could not load events">
        {error.message}
      </Alert>
    );
  if (!loaded) return <Skeleton screenreaderText="Loading events" />;
  if (shown.length === 0) return <p>{props.emptyText}</p>;
  return (
    <DataTable
      label="Events"
      columns={columns}
      rows={shown}
      rowKey={(event) => event.metadata.uid ?? event.metadata.name ?? ''}
    />
  );
}
