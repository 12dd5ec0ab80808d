import type { Logger } from '@podvisor/kube';
import type { RawData, WebSocket } from 'ws';
import { kubeStatus } from '../upstream/upstream-error.ts';
import { createBatchQueue, type BatchLimits, type SendCounters } from './batch-queue.ts';
import type { SharedWatchListener, SharedWatchUpdate } from './shared-watch.ts';
import { validateClientMessage, type ValidatedClientMessage } from './validate-client-message.ts';
import {
  maxClientFrameBytes,
  watchCloseCodes,
  watchCloseReasons,
  type WatchServerMessage,
  type WatchSubscribe,
} from './watch-protocol.ts';
import { watchQueryOf, type WatchQuery } from './watch-query.ts';

/** Running totals a hub keeps across its sockets. */
export interface WatchCounters extends SendCounters {
  tooSlowClosed: number;
  badMessageClosed: number;
}

/** Adds `listener` to the shared upstream watch of `query` (for this socket's user); returns its release. */
export type AcquireWatch = (query: WatchQuery, listener: SharedWatchListener) => () => void;

/** What a watch connection needs. */
export interface WatchConnectionOptions {
  readonly socket: WebSocket;
  readonly acquire: AcquireWatch;
  readonly limits: BatchLimits;
  readonly counters: WatchCounters;
  readonly logger: Logger;
  /** Called once when the connection ends (its subscriptions are released by then). */
  readonly onClose: () => void;
}

/** One browser socket and its subscriptions. */
export interface WatchConnection {
  subscriptions(): number;
  /** Releases every subscription and closes the socket with `watchCloseCodes[which]`. */
  close(which: keyof typeof watchCloseCodes): void;
}

/** The text of a client frame; `undefined` for a binary or oversized one. */
function frameText(data: RawData, isBinary: boolean): string | undefined {
  if (isBinary) return undefined;
  const buffer = Array.isArray(data)
    ? Buffer.concat(data)
    : Buffer.isBuffer(data)
      ? data
      : Buffer.from(data);
  return buffer.length > maxClientFrameBytes ? undefined : buffer.toString('utf8');
}

function parseFrame(data: RawData, isBinary: boolean): { value: unknown } | undefined {
  const text = frameText(data, isBinary);
  if (text === undefined) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function messageOf(id: string, update: SharedWatchUpdate): WatchServerMessage {
  switch (update.type) {
    case 'snapshot':
      return { type: 'snapshot', id, items: update.items, resourceVersion: update.resourceVersion };
    case 'event':
      return { type: 'event', id, event: update.event, object: update.object };
    case 'error':
      return { type: 'error', id, status: update.status };
  }
}

function duplicateId(id: string): WatchServerMessage {
  const message = `id: Duplicate value: ${JSON.stringify(id)}: a subscription with this id was active on this socket; both have ended`;
  return {
    type: 'error',
    id,
    status: {
      ...kubeStatus(400, message),
      details: { causes: [{ reason: 'FieldValueDuplicate', field: 'id', message }] },
    },
  };
}

/**
 * Serves the watch protocol on one accepted socket: validates client frames (an invalid message
 * gets an `error`; a non-JSON, binary or oversized frame closes with `badMessage`), subscribes
 * through `acquire`, and sends server messages through a {@link createBatchQueue} (a client too
 * slow for it is closed with `tooSlow`). Closing releases every subscription.
 */
export function openWatchConnection(options: WatchConnectionOptions): WatchConnection {
  const { socket, counters } = options;
  const subscriptions = new Map<string, () => void>();
  let closed = false;
  const queue = createBatchQueue({
    socket,
    limits: options.limits,
    counters,
    onTooSlow: () => {
      close('tooSlow');
    },
  });

  function teardown(): void {
    if (closed) return;
    closed = true;
    queue.clear();
    const releases = [...subscriptions.values()];
    subscriptions.clear();
    for (const release of releases) release();
    options.onClose();
  }

  function close(which: keyof typeof watchCloseCodes): void {
    if (closed) return;
    teardown();
    if (which === 'tooSlow') counters.tooSlowClosed += 1;
    if (which === 'badMessage') counters.badMessageClosed += 1;
    options.logger.debug({ close: which }, 'closing watch socket');
    socket.close(watchCloseCodes[which], watchCloseReasons[which]);
  }

  function end(id: string): void {
    const release = subscriptions.get(id);
    subscriptions.delete(id);
    release?.();
  }

  function subscribe(message: WatchSubscribe): void {
    const { id } = message;
    const pending = (): void => undefined;
    subscriptions.set(id, pending);
    const release = options.acquire(watchQueryOf(message), (update) => {
      if (update.type === 'error') end(id);
      queue.enqueue(messageOf(id, update));
    });
    // The watch may have ended (or the socket closed) while it was being acquired.
    if (subscriptions.get(id) === pending) subscriptions.set(id, release);
    else release();
  }

  function unsubscribe(id: string): void {
    end(id);
    queue.drop(id);
  }

  function handle(result: ValidatedClientMessage): void {
    if (!result.ok) {
      queue.enqueue({ type: 'error', id: result.id, status: result.status });
      return;
    }
    const { message } = result;
    if (message.type === 'unsubscribe') unsubscribe(message.id);
    else if (subscriptions.has(message.id)) {
      unsubscribe(message.id);
      queue.enqueue(duplicateId(message.id));
    } else subscribe(message);
  }

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (closed) return;
    const frame = parseFrame(data, isBinary);
    if (frame === undefined) close('badMessage');
    else handle(validateClientMessage(frame.value));
  });
  socket.on('error', (error) => {
    options.logger.debug({ err: error }, 'watch socket error');
  });
  socket.on('close', teardown);

  return { subscriptions: () => subscriptions.size, close };
}
