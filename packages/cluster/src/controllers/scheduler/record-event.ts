import type { Logger } from '@podvisor/kube';
import type { KubeObject } from '../../apiserver/json.ts';
import { metaString, timestamp } from '../../apiserver/objects/lifecycle.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';

/** `v1 events`, the API `kubectl describe` and `kubectl get events` read. */
export const eventsRef: ResourceRef = { group: '', version: 'v1', resource: 'events' };

/** One Event about an object. */
export interface EventRecord {
  /** The object the event is about (a Pod, a Node…). */
  readonly involved: KubeObject;
  readonly type: 'Normal' | 'Warning';
  /** CamelCase reason (`Scheduled`, `FailedScheduling`…). */
  readonly reason: string;
  readonly message: string;
  /** The reporting component (`default-scheduler`, `node-controller`…). */
  readonly component: string;
  /** Wall-clock milliseconds; `Date.now()` by default. */
  readonly now?: number;
}

let sequence = 0n;

/** Upstream's event names: the object's name and a unique hexadecimal timestamp in nanoseconds. */
function eventName(name: string, now: number): string {
  sequence = (sequence + 1n) % 1_000_000n;
  return `${name}.${(BigInt(now) * 1_000_000n + sequence).toString(16)}`;
}

/**
 * The core/v1 Event a controller writes (what client-go's recorder creates): in the object's
 * namespace (`default` for cluster-scoped objects), with `source.component` and
 * `reportingComponent` naming the controller.
 */
export function eventFor(record: EventRecord): KubeObject {
  const { involved } = record;
  const now = record.now ?? Date.now();
  const namespace = metaString(involved, 'namespace');
  const at = timestamp(now);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: eventName(metaString(involved, 'name'), now),
      namespace: namespace === '' ? 'default' : namespace,
    },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: metaString(involved, 'name'),
      ...(namespace === '' ? {} : { namespace }),
      uid: metaString(involved, 'uid'),
      resourceVersion: metaString(involved, 'resourceVersion'),
    },
    reason: record.reason,
    message: record.message,
    type: record.type,
    source: { component: record.component },
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    reportingComponent: record.component,
    reportingInstance: '',
  };
}

/** Writes an Event; a failure is logged, not thrown (events are best effort, as upstream's). */
export async function recordEvent(
  client: ClusterClient,
  record: EventRecord,
  logger: Logger,
): Promise<void> {
  const event = eventFor(record);
  const namespace = metaString(event, 'namespace');
  try {
    await client.create(eventsRef, namespace, event);
  } catch (error) {
    logger.warn({ err: error, reason: record.reason }, 'could not record an event');
  }
}
