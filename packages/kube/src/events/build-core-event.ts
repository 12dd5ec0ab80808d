import type { KubeObject } from '../client/kube-object.ts';

/** A Kubernetes Event's kind of news: routine (`Normal`) or worth a look (`Warning`). */
export type EventType = 'Normal' | 'Warning';

/** What happened to an object: a CamelCase `reason` and a human `message`. */
export interface EventNews {
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

/** The object an Event is about, as `involvedObject` names it. */
export interface InvolvedObject {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
}

/** A core/v1 Event as this recorder writes it. */
export interface CoreEvent {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: { name: string; namespace: string };
  involvedObject: InvolvedObject;
  type: EventType;
  reason: string;
  message: string;
  source: { component: string; host: string };
  reportingComponent: string;
  reportingInstance: string;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
}

/** Who records: the component (`virt-controller`) and the instance (its host or pod). */
export interface EventSource {
  readonly component: string;
  readonly host: string;
}

/** The longest message stored (the API's limit on an Event's note). */
export const maxEventMessageLength = 1024;

/** The reference to `object` an Event carries (only the fields that are set). */
export function involvedObjectOf(object: KubeObject): InvolvedObject {
  const meta = object.metadata ?? {};
  const ref: InvolvedObject = {};
  if (object.apiVersion !== undefined) ref.apiVersion = object.apiVersion;
  if (object.kind !== undefined) ref.kind = object.kind;
  if (meta.name !== undefined) ref.name = meta.name;
  if (meta.namespace !== undefined && meta.namespace !== '') ref.namespace = meta.namespace;
  if (meta.uid !== undefined) ref.uid = meta.uid;
  return ref;
}

/** The namespace an Event about `ref` lives in: the object's, or `default` for cluster-scoped objects. */
export function eventNamespaceOf(ref: InvolvedObject): string {
  return ref.namespace ?? 'default';
}

/**
 * The key under which repeats of the same news about the same object are counted on one Event
 * (client-go's: source, involved object, type, reason and message).
 */
export function aggregateKeyOf(ref: InvolvedObject, news: EventNews, source: EventSource): string {
  return JSON.stringify([
    source.component,
    source.host,
    ref.apiVersion,
    ref.kind,
    ref.namespace,
    ref.name,
    ref.uid,
    news.type,
    news.reason,
    news.message,
  ]);
}

/** An RFC 3339 timestamp with whole seconds, as `metav1.Time` serializes. */
export function eventTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A unique Event name in client-go's form, `<object name>.<hex nanoseconds>`; `sequence` tells
 * apart events recorded within the same millisecond.
 */
export function eventNameFor(ref: InvolvedObject, ms: number, sequence: number): string {
  const nanos = BigInt(Math.floor(ms)) * 1_000_000n + BigInt(sequence % 1_000_000);
  return `${(ref.name ?? 'event').slice(0, 200)}.${nanos.toString(16)}`;
}

/** Builds the first occurrence (count 1) of an Event about `ref`. */
export function buildCoreEvent(options: {
  readonly ref: InvolvedObject;
  readonly news: EventNews;
  readonly source: EventSource;
  readonly name: string;
  readonly ms: number;
}): CoreEvent {
  const { ref, news, source, name, ms } = options;
  const at = eventTimestamp(ms);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: eventNamespaceOf(ref) },
    involvedObject: ref,
    type: news.type,
    reason: news.reason,
    message: news.message.slice(0, maxEventMessageLength),
    source: { component: source.component, host: source.host },
    reportingComponent: source.component,
    reportingInstance: source.host.slice(0, 128),
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
  };
}
