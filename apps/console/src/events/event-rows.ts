import { podHref } from '../pods/pod-href.ts';
import type { SortValue } from '../shared/table-sort.ts';
import { eventTime, type KubeEvent } from '../vms/vm-events.ts';
import { vmHref } from '../vms/vm-href.ts';

/** The event types Kubernetes uses. */
export const eventTypes = ['Normal', 'Warning'] as const;

/** One of {@link eventTypes}. */
export type EventType = (typeof eventTypes)[number];

/** The object an event is about. */
export interface EventObject {
  readonly kind: string;
  readonly name: string;
  /** Its namespace, else the event's (cluster-scoped objects have none). */
  readonly namespace: string | undefined;
}

/** One row of an events table. */
export interface EventRow {
  readonly key: string;
  readonly namespace: string | undefined;
  /** `Normal`, `Warning`, or whatever the event says (`''` when it says nothing). */
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly object: EventObject;
  /** How many times it happened (1 unless the event was repeated). */
  readonly count: number;
  /** When it last happened, epoch milliseconds; undefined when the event gives no time. */
  readonly time: number | undefined;
}

function eventCount(event: KubeEvent): number {
  return typeof event.count === 'number' && event.count > 0 ? event.count : 1;
}

/** The row of one event. */
export function eventRow(event: KubeEvent): EventRow {
  const namespace = event.metadata.namespace;
  const time = eventTime(event);
  const object = event.involvedObject;
  return {
    key: event.metadata.uid ?? `${namespace ?? ''}/${event.metadata.name ?? ''}`,
    namespace,
    type: event.type ?? '',
    reason: event.reason ?? '',
    message: event.message ?? '',
    object: {
      kind: object.kind ?? '',
      name: object.name ?? '',
      namespace: object.namespace ?? namespace,
    },
    count: eventCount(event),
    time: time === 0 ? undefined : time,
  };
}

/** The events' rows, newest first (events without a time last). */
export function buildEventRows(events: readonly KubeEvent[]): EventRow[] {
  return events.map(eventRow).sort((a, b) => (b.time ?? -Infinity) - (a.time ?? -Infinity));
}

/** What the Events page shows; an absent or empty field does not filter. */
export interface EventFilters {
  readonly type?: string | undefined;
  /** A case-insensitive substring of the reason, the object (`Kind/name`) or the message. */
  readonly text?: string | undefined;
}

/** The rows that pass the filters, in their order. */
export function filterEventRows(rows: readonly EventRow[], filters: EventFilters): EventRow[] {
  const type = filters.type ?? '';
  const needle = filters.text?.trim().toLowerCase() ?? '';
  return rows.filter(
    (row) =>
      (type === '' || row.type === type) &&
      (needle === '' ||
        [row.reason, `${row.object.kind}/${row.object.name}`, row.message].some((value) =>
          value.toLowerCase().includes(needle),
        )),
  );
}

function namespacedHref(
  object: EventObject,
  href: (namespace: string, name: string) => string,
): string | undefined {
  return object.namespace === undefined ? undefined : href(object.namespace, object.name);
}

const listHref =
  (path: string) =>
  (object: EventObject): string => {
    const params = new URLSearchParams();
    if (object.namespace !== undefined) params.set('ns', object.namespace);
    params.set('q', object.name);
    return `${path}?${params.toString()}`;
  };

const objectHrefs: Readonly<Record<string, (object: EventObject) => string | undefined>> = {
  Pod: (object) => namespacedHref(object, podHref),
  VirtualMachine: (object) => namespacedHref(object, vmHref),
  VirtualMachineInstance: (object) => namespacedHref(object, vmHref),
  Node: (object) => listHref('/nodes')({ ...object, namespace: undefined }),
  VirtualMachineInstanceMigration: listHref('/migrations'),
};

/**
 * The console page of the object an event is about: a pod's or VM's details (a VMI's VM has its
 * name), the Nodes or Migrations list narrowed to it; undefined for kinds without a page.
 */
export function eventObjectHref(object: EventObject): string | undefined {
  if (object.name === '') return undefined;
  return objectHrefs[object.kind]?.(object);
}

/** The sortable columns of the Events table, in column order. */
export const eventSortColumns = [
  'type',
  'reason',
  'object',
  'namespace',
  'message',
  'count',
  'time',
] as const;

/** One of {@link eventSortColumns}. */
export type EventSortColumn = (typeof eventSortColumns)[number];

/** What a row shows in a column, for sorting (time ascending is newest first, like an age). */
export function eventSortValue(row: EventRow, column: EventSortColumn): SortValue {
  switch (column) {
    case 'object':
      return `${row.object.kind}/${row.object.name}`;
    case 'time':
      return row.time === undefined ? undefined : -row.time;
    default:
      return row[column];
  }
}
