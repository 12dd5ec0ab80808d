import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import { isNotFound } from '../client/api-errors.ts';
import type { KubeObject } from '../client/kube-object.ts';
import { requestJson } from '../client/request-json.ts';
import type { Logger } from '../log/create-logger.ts';
import { realClock, type Clock } from '../queue/clock.ts';
import {
  aggregateKeyOf,
  buildCoreEvent,
  eventNameFor,
  eventNamespaceOf,
  eventTimestamp,
  involvedObjectOf,
  type EventNews,
  type EventSource,
  type InvolvedObject,
} from './build-core-event.ts';
import { RecentEvents } from './recent-events.ts';

/** Records Kubernetes Events about objects. */
export interface EventRecorder {
  /** Records `event` about `object`, in the background: it never throws and never waits. */
  record(object: KubeObject, event: EventNews): void;
}

/** An {@link EventRecorder} whose pending writes can be awaited (tests, graceful shutdown). */
export interface FlushableEventRecorder extends EventRecorder {
  /** Resolves once every event recorded so far has been written (or has failed and been logged). */
  flush(): Promise<void>;
}

/** Options of {@link createEventRecorder}. */
export interface EventRecorderOptions {
  readonly kubeConfig: KubeConfig;
  /** `source.component` and `reportingComponent`, e.g. `virt-controller`. */
  readonly component: string;
  /** `source.host` and `reportingInstance`; the machine's hostname by default. */
  readonly host?: string;
  readonly logger: Logger;
  /** The time of the timestamps and of the repeat window; the wall clock by default. */
  readonly clock?: Clock;
  /** Repeats within this window bump the count of the first Event; 10 minutes by default. */
  readonly repeatWindowMs?: number;
  /** How many recent Events are remembered for counting repeats; 4096 by default. */
  readonly maxRemembered?: number;
  /** Events waiting to be written beyond this are dropped (and logged); 1000 by default. */
  readonly maxPending?: number;
}

interface PendingEvent {
  readonly ref: InvolvedObject;
  readonly news: EventNews;
  readonly ms: number;
}

interface RecorderState {
  readonly options: EventRecorderOptions;
  readonly source: EventSource;
  readonly recent: RecentEvents;
  readonly windowMs: number;
  sequence: number;
}

const tenMinutesMs = 10 * 60 * 1000;

/**
 * Creates a recorder of core/v1 Events (involvedObject, `source`, `reportingComponent`,
 * `reportingInstance`, first/last timestamps, `count`), fire-and-forget: events are written one
 * at a time in the background, in order. A repeat of the same news about the same object within
 * the repeat window patches the count and lastTimestamp of the Event already written instead of
 * creating another. Failures are logged, never thrown; memory is bounded (remembered events and
 * the pending queue both have a cap).
 */
export function createEventRecorder(options: EventRecorderOptions): FlushableEventRecorder {
  const clock = options.clock ?? realClock;
  const maxPending = options.maxPending ?? 1000;
  const state: RecorderState = {
    options,
    source: { component: options.component, host: options.host ?? hostname() },
    recent: new RecentEvents(options.maxRemembered ?? 4096),
    windowMs: options.repeatWindowMs ?? tenMinutesMs,
    sequence: 0,
  };
  const pending: PendingEvent[] = [];
  let draining: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    try {
      for (let next = pending.shift(); next; next = pending.shift()) await write(state, next);
    } finally {
      draining = undefined;
    }
  };

  return {
    record(object, event) {
      if (pending.length >= maxPending) {
        options.logger.warn(
          { reason: event.reason, object: object.metadata?.name },
          'too many events waiting to be written; dropping one',
        );
        return;
      }
      pending.push({ ref: involvedObjectOf(object), news: { ...event }, ms: clock.now() });
      draining ??= drain();
    },
    async flush() {
      while (draining) await draining;
    },
  };
}

/** Writes one event: bumps the count of a recent identical one, or creates a new Event. */
async function write(state: RecorderState, event: PendingEvent): Promise<void> {
  const key = aggregateKeyOf(event.ref, event.news, state.source);
  try {
    if (await bumpRepeat(state, key, event)) return;
    await createEvent(state, key, event);
  } catch (error: unknown) {
    state.options.logger.warn(
      { err: error, reason: event.news.reason, involvedObject: event.ref },
      'could not write an event',
    );
  }
}

/** Patches count and lastTimestamp of the Event `event` repeats; false when there is none (any more). */
async function bumpRepeat(
  state: RecorderState,
  key: string,
  event: PendingEvent,
): Promise<boolean> {
  const seen = state.recent.lookup(key, event.ms, state.windowMs);
  if (!seen) return false;
  const count = seen.count + 1;
  try {
    await requestJson(state.options.kubeConfig, {
      method: 'PATCH',
      path: eventPath(seen.namespace, seen.name),
      contentType: 'application/merge-patch+json',
      body: { count, lastTimestamp: eventTimestamp(event.ms) },
    });
  } catch (error: unknown) {
    state.recent.forget(key);
    if (isNotFound(error)) return false;
    throw error;
  }
  state.recent.remember(key, { ...seen, count, lastSeenMs: event.ms });
  return true;
}

async function createEvent(state: RecorderState, key: string, event: PendingEvent): Promise<void> {
  const namespace = eventNamespaceOf(event.ref);
  const name = eventNameFor(event.ref, event.ms, state.sequence++);
  const body = buildCoreEvent({
    ref: event.ref,
    news: event.news,
    source: state.source,
    name,
    ms: event.ms,
  });
  await requestJson(state.options.kubeConfig, {
    method: 'POST',
    path: eventPath(namespace),
    body,
  });
  state.recent.remember(key, { namespace, name, count: 1, lastSeenMs: event.ms });
}

function eventPath(namespace: string, name?: string): string {
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}
