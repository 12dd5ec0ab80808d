import type { Logger } from '@podvisor/kube';
import type { WebSocket } from 'ws';
import { credentialKey, type Credential } from '../upstream/credential.ts';
import type { Upstream } from '../upstream/upstream.ts';
import type { BatchLimits } from './batch-queue.ts';
import { createSharedWatch, type SharedWatch, type SharedWatchTiming } from './shared-watch.ts';
import {
  openWatchConnection,
  type WatchConnection,
  type WatchCounters,
} from './watch-connection.ts';
import { watchCloseCodes, watchCloseReasons } from './watch-protocol.ts';
import { watchQueryKey, type WatchQuery } from './watch-query.ts';

/** How to build a watch hub. */
export interface WatchHubOptions {
  readonly upstream: Upstream;
  readonly logger: Logger;
  /** How long messages wait to be batched (default 50 ms). */
  readonly flushIntervalMs?: number;
  /** Most messages per frame; a full batch is sent at once (default 500). */
  readonly maxBatch?: number;
  /** A socket buffering more than this is closed as too slow (default 8 MiB). */
  readonly maxBufferedBytes?: number;
  /** A socket with more queued messages than this is closed as too slow (default 10,000). */
  readonly maxPending?: number;
  /** `timeoutSeconds` of upstream watch requests (default: random 300–600 s, as client-go). */
  readonly watchTimeoutSeconds?: number;
  /** First upstream reconnect delay (default 250 ms); doubles up to `backoffMaxMs`. */
  readonly backoffInitialMs?: number;
  /** Reconnect delay cap (default 30 s). */
  readonly backoffMaxMs?: number;
}

/** Gauges and running totals of a hub. */
export interface WatchHubStats extends Readonly<WatchCounters> {
  /** Open browser sockets. */
  readonly sockets: number;
  /** Live subscriptions over all sockets. */
  readonly subscriptions: number;
  /** Upstream list+watches (one per user and query, shared by its subscriptions). */
  readonly upstreamWatches: number;
  /** Relists after 410 Expired, in total. */
  readonly relists: number;
  /** Upstream watches resumed from their last resourceVersion (stream timeouts, restarts), in total. */
  readonly resumes: number;
}

/** The multiplexed watch service behind `/api/watch`. */
export interface WatchHub {
  /** Serves the watch protocol on an accepted socket, as the signed-in user's `credential`. */
  attach(socket: WebSocket, credential: Credential): void;
  stats(): WatchHubStats;
  /** Closes every socket (`goingAway`, as any socket attached later) and stops every upstream watch. */
  close(): Promise<void>;
}

interface HubEntry {
  readonly watch: SharedWatch;
}

function limitsOf(options: WatchHubOptions): BatchLimits {
  return {
    flushIntervalMs: options.flushIntervalMs ?? 50,
    maxBatch: options.maxBatch ?? 500,
    maxBufferedBytes: options.maxBufferedBytes ?? 8 * 1024 * 1024,
    maxPending: options.maxPending ?? 10_000,
  };
}

function timingOf(options: WatchHubOptions): SharedWatchTiming {
  const fixed = options.watchTimeoutSeconds;
  return {
    backoffInitialMs: options.backoffInitialMs ?? 250,
    backoffMaxMs: options.backoffMaxMs ?? 30_000,
    watchTimeoutSeconds: () => fixed ?? 300 + Math.floor(Math.random() * 300),
    pageSize: 500,
  };
}

/**
 * Creates the watch hub: each attached socket speaks the protocol of `watch-protocol.ts`; every
 * subscription lists and watches AS its socket's user, and identical subscriptions of the same
 * user (same `credentialKey`, same query) share one upstream watch, ref-counted.
 */
export function createWatchHub(options: WatchHubOptions): WatchHub {
  const { upstream, logger } = options;
  const limits = limitsOf(options);
  const timing = timingOf(options);
  const watches = new Map<string, HubEntry>();
  const connections = new Set<WatchConnection>();
  const counters: WatchCounters = {
    messagesSent: 0,
    framesSent: 0,
    bytesSent: 0,
    tooSlowClosed: 0,
    badMessageClosed: 0,
  };
  let closed = false;
  let relists = 0;
  let resumes = 0;

  function forget(key: string, entry: HubEntry): void {
    if (watches.get(key) === entry) watches.delete(key);
  }

  function entryFor(credential: Credential, query: WatchQuery): { key: string; entry: HubEntry } {
    const key = `${credentialKey(credential)}\n${watchQueryKey(query)}`;
    const existing = watches.get(key);
    if (existing !== undefined) return { key, entry: existing };
    const entry: HubEntry = {
      watch: createSharedWatch({
        upstream,
        credential,
        query,
        logger,
        timing,
        onEnd: () => {
          forget(key, entry);
        },
        onRelist: () => {
          relists += 1;
        },
        onResume: () => {
          resumes += 1;
        },
      }),
    };
    watches.set(key, entry);
    return { key, entry };
  }

  function attach(socket: WebSocket, credential: Credential): void {
    if (closed) {
      socket.close(watchCloseCodes.goingAway, watchCloseReasons.goingAway);
      return;
    }
    const connection = openWatchConnection({
      socket,
      limits,
      counters,
      logger,
      acquire: (query, listener) => {
        const { key, entry } = entryFor(credential, query);
        const remove = entry.watch.add(listener);
        return () => {
          remove();
          if (entry.watch.listeners() > 0) return;
          entry.watch.stop();
          forget(key, entry);
        };
      },
      onClose: () => {
        connections.delete(connection);
      },
    });
    connections.add(connection);
  }

  function stats(): WatchHubStats {
    let subscriptions = 0;
    for (const connection of connections) subscriptions += connection.subscriptions();
    return {
      ...counters,
      sockets: connections.size,
      subscriptions,
      upstreamWatches: watches.size,
      relists,
      resumes,
    };
  }

  function close(): Promise<void> {
    closed = true;
    for (const connection of [...connections]) connection.close('goingAway');
    for (const entry of watches.values()) entry.watch.stop();
    watches.clear();
    return Promise.resolve();
  }

  return { attach, stats, close };
}
