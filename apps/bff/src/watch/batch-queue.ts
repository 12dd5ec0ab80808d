import { WebSocket } from 'ws';
import type { WatchServerMessage } from './watch-protocol.ts';

/** How one socket batches and when it counts as too slow. */
export interface BatchLimits {
  readonly flushIntervalMs: number;
  readonly maxBatch: number;
  readonly maxBufferedBytes: number;
  readonly maxPending: number;
}

/** Running totals of what was sent, shared by a hub's sockets. */
export interface SendCounters {
  messagesSent: number;
  framesSent: number;
  bytesSent: number;
}

/** The outgoing side of one watch socket. */
export interface BatchQueue {
  /** Queues a message; may send at once (full batch) or report the client too slow. */
  enqueue(message: WatchServerMessage): void;
  /** Drops the queued messages of subscription `id` (it was unsubscribed). */
  drop(id: string | null): void;
  /** Drops everything and sends nothing more. */
  clear(): void;
}

interface Queued {
  readonly id: string | null;
  /** The message, serialised once when queued. */
  readonly text: string;
  readonly bytes: number;
}

/**
 * Batches server messages into `{type:'batch'}` frames on `socket`: a frame goes out
 * `flushIntervalMs` after the first queued message, or at once when `maxBatch` are queued, and
 * only one frame is in flight at a time (the next waits until the socket has taken the previous).
 *
 * While a frame is in flight, the bytes behind it (the socket's `bufferedAmount` beyond that
 * frame, plus the queued messages) may not pass `maxBufferedBytes`, nor the queue `maxPending`
 * messages; otherwise `onTooSlow` is called. The frame in flight itself is not counted, so one big
 * snapshot does not condemn a client that reads it steadily; a socket holds at most its largest
 * frame plus `maxBufferedBytes`.
 */
export function createBatchQueue(options: {
  readonly socket: WebSocket;
  readonly limits: BatchLimits;
  readonly counters: SendCounters;
  readonly onTooSlow: () => void;
}): BatchQueue {
  const { socket, limits, counters } = options;
  let queue: Queued[] = [];
  let queuedBytes = 0;
  let inFlightBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let cleared = false;

  const backlogBytes = (): number =>
    Math.max(0, socket.bufferedAmount - inFlightBytes) + queuedBytes;

  function send(batch: readonly Queued[]): void {
    const frame = `{"type":"batch","messages":[${batch.map((q) => q.text).join(',')}]}`;
    const bytes = Buffer.byteLength(frame);
    inFlightBytes = bytes;
    socket.send(frame, (error) => {
      inFlightBytes = 0;
      if (!(error instanceof Error)) schedule();
    });
    counters.framesSent += 1;
    counters.messagesSent += batch.length;
    counters.bytesSent += bytes;
  }

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    if (cleared || queue.length === 0 || inFlightBytes > 0) return;
    if (socket.readyState !== WebSocket.OPEN) return;
    const batch = queue.splice(0, limits.maxBatch);
    for (const queued of batch) queuedBytes -= queued.bytes;
    send(batch);
  }

  function schedule(): void {
    if (cleared || queue.length === 0) return;
    if (queue.length >= limits.maxBatch) flush();
    else timer ??= setTimeout(flush, limits.flushIntervalMs);
  }

  function clear(): void {
    cleared = true;
    clearTimeout(timer);
    queue = [];
    queuedBytes = 0;
  }

  function tooSlow(): boolean {
    if (inFlightBytes === 0) return false;
    return queue.length > limits.maxPending || backlogBytes() > limits.maxBufferedBytes;
  }

  return {
    enqueue: (message) => {
      if (cleared) return;
      const text = JSON.stringify(message);
      const bytes = Buffer.byteLength(text);
      queue.push({ id: message.id, text, bytes });
      queuedBytes += bytes;
      if (!tooSlow()) {
        schedule();
        return;
      }
      clear();
      options.onTooSlow();
    },
    drop: (id) => {
      queue = queue.filter((queued) => queued.id !== id);
      queuedBytes = queue.reduce((sum, queued) => sum + queued.bytes, 0);
    },
    clear,
  };
}
