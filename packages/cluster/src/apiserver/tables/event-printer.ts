import type { Json, KubeObject } from '../json.ts';
import { numberAt, objectAt, stringAt } from '../selectors/read-json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import { parseTimestamp, timestampSince } from './human-duration.ts';
import { column, nameColumn, nameOf, type PrintedRow, type TablePrinter } from './table-printer.ts';

/** The fields the event printer reads, whichever API group the event came from. */
interface EventView {
  readonly involvedObject: Json | undefined;
  readonly firstTimestamp: Json | undefined;
  readonly lastTimestamp: Json | undefined;
  readonly eventTime: Json | undefined;
  readonly seriesCount: number | undefined;
  readonly seriesLastObserved: Json | undefined;
  readonly count: number;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly sourceComponent: string;
  readonly sourceHost: string;
  readonly reportingController: string;
  readonly reportingInstance: string;
}

function seriesOf(event: KubeObject): Pick<EventView, 'seriesCount' | 'seriesLastObserved'> {
  const series = objectAt(event, 'series');
  if (series === undefined) return { seriesCount: undefined, seriesLastObserved: undefined };
  return { seriesCount: numberAt(series, 'count'), seriesLastObserved: series['lastObservedTime'] };
}

function coreView(event: KubeObject): EventView {
  return {
    involvedObject: event['involvedObject'],
    firstTimestamp: event['firstTimestamp'],
    lastTimestamp: event['lastTimestamp'],
    eventTime: event['eventTime'],
    ...seriesOf(event),
    count: numberAt(event, 'count'),
    type: stringAt(event, 'type'),
    reason: stringAt(event, 'reason'),
    message: stringAt(event, 'message'),
    sourceComponent: stringAt(event, 'source', 'component'),
    sourceHost: stringAt(event, 'source', 'host'),
    reportingController: stringAt(event, 'reportingComponent'),
    reportingInstance: stringAt(event, 'reportingInstance'),
  };
}

function eventsV1View(event: KubeObject): EventView {
  return {
    involvedObject: event['regarding'],
    firstTimestamp: event['deprecatedFirstTimestamp'],
    lastTimestamp: event['deprecatedLastTimestamp'],
    eventTime: event['eventTime'],
    ...seriesOf(event),
    count: numberAt(event, 'deprecatedCount'),
    type: stringAt(event, 'type'),
    reason: stringAt(event, 'reason'),
    message: stringAt(event, 'note'),
    sourceComponent: stringAt(event, 'deprecatedSource', 'component'),
    sourceHost: stringAt(event, 'deprecatedSource', 'host'),
    reportingController: stringAt(event, 'reportingController'),
    reportingInstance: stringAt(event, 'reportingInstance'),
  };
}

function isSet(timestamp: Json | undefined): boolean {
  return parseTimestamp(timestamp) !== undefined;
}

function target(involved: Json | undefined): string {
  const kind = stringAt(involved, 'kind').toLowerCase();
  const name = stringAt(involved, 'name');
  return name === '' ? kind : `${kind}/${name}`;
}

function source(view: EventView): string {
  const component = view.sourceComponent === '' ? view.reportingController : view.sourceComponent;
  const instance = view.sourceHost === '' ? view.reportingInstance : view.sourceHost;
  return instance === '' ? component : `${component}, ${instance}`;
}

function eventRow(event: KubeObject, view: EventView, now: number): PrintedRow {
  const first = isSet(view.firstTimestamp)
    ? timestampSince(view.firstTimestamp, now)
    : timestampSince(view.eventTime, now);
  let last = isSet(view.lastTimestamp) ? timestampSince(view.lastTimestamp, now) : first;
  let count = view.count;
  if (view.seriesCount !== undefined) {
    last = timestampSince(view.seriesLastObserved, now);
    count = view.seriesCount;
  } else if (count === 0) count = 1;
  return {
    cells: [
      last,
      view.type,
      view.reason,
      target(view.involvedObject),
      stringAt(view.involvedObject, 'fieldPath'),
      source(view),
      view.message.trim(),
      first,
      count,
      nameOf(event),
    ],
  };
}

const eventColumns = [
  column('Last Seen', 'string', describe.eventLastTimestamp),
  column('Type', 'string', describe.eventType),
  column('Reason', 'string', describe.eventReason),
  column('Object', 'string', describe.eventInvolvedObject),
  column('Subobject', 'string', describe.eventFieldPath, { priority: 1 }),
  column('Source', 'string', describe.eventSource, { priority: 1 }),
  column('Message', 'string', describe.eventMessage),
  column('First Seen', 'string', describe.eventFirstTimestamp, { priority: 1 }),
  column('Count', 'string', describe.eventCount, { priority: 1 }),
  { ...nameColumn, priority: 1 },
];

/** Core v1 events: Last Seen, Type, Reason, Object, Message; wide adds Subobject…Name. */
export const eventPrinter: TablePrinter = {
  columns: eventColumns,
  row: (event, now) => eventRow(event, coreView(event), now),
};

/** events.k8s.io/v1 events, printed with the same columns (upstream prints both alike). */
export const eventsV1Printer: TablePrinter = {
  columns: eventColumns,
  row: (event, now) => eventRow(event, eventsV1View(event), now),
};
