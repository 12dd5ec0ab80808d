import type { ClientRequest, IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@podvisor/kube';
import type { Credential } from '../upstream/credential.ts';
import {
  UpstreamError,
  kubeStatus,
  statusFromBody,
  type KubeStatus,
} from '../upstream/upstream-error.ts';
import type { Upstream } from '../upstream/upstream.ts';
import {
  createWatchCache,
  isWatchObject,
  type WatchCache,
  type WatchCacheUpdate,
} from './watch-cache.ts';
import type { WatchObject } from './watch-protocol.ts';
import { watchQueryPath, type WatchQuery } from './watch-query.ts';

/** What a shared watch tells each of its listeners. */
export type SharedWatchUpdate = WatchCacheUpdate;

/** Receives a shared watch's updates, synchronously and in order. */
export type SharedWatchListener = (update: SharedWatchUpdate) => void;

/** Timing and paging of a shared watch. */
export interface SharedWatchTiming {
  /** First reconnect delay; doubles per failure up to `backoffMaxMs` (±20 % jitter). */
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  /** `timeoutSeconds` of each watch request. */
  readonly watchTimeoutSeconds: () => number;
  /** `limit` of each list page. */
  readonly pageSize: number;
}

/** How to start a shared watch. */
export interface SharedWatchOptions {
  readonly upstream: Upstream;
  readonly credential: Credential;
  readonly query: WatchQuery;
  readonly logger: Logger;
  readonly timing: SharedWatchTiming;
  /** Called once when the watch ends by itself (a terminal error), so its owner forgets it. */
  readonly onEnd: () => void;
  /** Called on each relist after a 410 Expired. */
  readonly onRelist?: () => void;
  /** Called on each watch resumed from the last resourceVersion (after a stream ended or failed). */
  readonly onResume?: () => void;
}

/** One upstream list+watch, its current objects, and the listeners that share it. */
export interface SharedWatch {
  /** Adds a listener; once the first list is in it gets a snapshot at once. Returns its removal. */
  add(listener: SharedWatchListener): () => void;
  /** How many listeners remain. */
  listeners(): number;
  /** Stops the upstream requests; no listener hears anything more. */
  stop(): void;
}

type WatchOutcome = 'ended' | 'expired';

interface Connection {
  readonly upstream: Upstream;
  readonly credential: Credential;
  readonly query: WatchQuery;
  readonly signal: AbortSignal;
}

/** A stream that ended sooner than this after it opened counts as a failure (backoff applies). */
const minHealthyWatchMs = 1000;

function createBackoff(timing: SharedWatchTiming): { next(): number; reset(): void } {
  let delay = timing.backoffInitialMs;
  return {
    next: () => {
      const current = delay;
      delay = Math.min(delay * 2, timing.backoffMaxMs);
      return Math.round(current * (0.8 + Math.random() * 0.4));
    },
    reset: () => {
      delay = timing.backoffInitialMs;
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Errors the API server will keep answering: the subscription ends with them. */
function isTerminal(status: KubeStatus): boolean {
  return status.code >= 400 && status.code < 500 && ![408, 409, 410, 429].includes(status.code);
}

function statusOf(error: unknown): KubeStatus {
  if (error instanceof UpstreamError) return error.status;
  const cause = error instanceof Error ? error.message : String(error);
  return kubeStatus(503, `the API server is unreachable: ${cause}`);
}

interface ListPage {
  readonly items: readonly WatchObject[];
  readonly resourceVersion: string | undefined;
  readonly continue: string | undefined;
}

function badAnswer(what: string): UpstreamError {
  return new UpstreamError(kubeStatus(502, `the API server's list answer ${what}`));
}

/** A list page, with `kind`/`apiVersion` filled into each item as a watch event carries them. */
function parseListPage(value: unknown): ListPage {
  if (!isRecord(value) || !Array.isArray(value['items']) || !isRecord(value['metadata']))
    throw badAnswer('is not a list');
  const listKind = typeof value['kind'] === 'string' ? value['kind'] : '';
  const type = {
    ...(typeof value['apiVersion'] === 'string' ? { apiVersion: value['apiVersion'] } : {}),
    ...(listKind.endsWith('List') ? { kind: listKind.slice(0, -4) } : {}),
  };
  const items = value['items'].map((item: unknown): WatchObject => {
    if (!isWatchObject(item)) throw badAnswer('has an item without metadata');
    return { ...type, ...item };
  });
  const { resourceVersion, continue: token } = value['metadata'];
  return {
    items,
    resourceVersion: typeof resourceVersion === 'string' ? resourceVersion : undefined,
    continue: typeof token === 'string' && token !== '' ? token : undefined,
  };
}

/** Lists every page (`limit` + `continue`); the first page's resourceVersion is the list's. */
async function listAll(
  connection: Connection,
  pageSize: number,
): Promise<{ items: WatchObject[]; resourceVersion: string }> {
  const items: WatchObject[] = [];
  let token: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const params = { limit: String(pageSize), ...(token ? { continue: token } : {}) };
    const answer = await connection.upstream.json(connection.credential, {
      method: 'GET',
      path: watchQueryPath(connection.query, params),
      signal: connection.signal,
    });
    const page = parseListPage(answer);
    resourceVersion ??= page.resourceVersion;
    items.push(...page.items);
    token = page.continue;
  } while (token !== undefined);
  if (resourceVersion === undefined || resourceVersion === '')
    throw badAnswer('has no resourceVersion');
  return { items, resourceVersion };
}

/** Calls `onLine` with each complete line of a text stream. */
function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let rest = '';
  return (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(line);
  };
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.on('error', () => {
      resolve('');
    });
  });
}

/** Feeds a 200 watch response into `cache` until it ends or expires. */
function readEvents(
  res: IncomingMessage,
  cache: WatchCache,
  logger: Logger,
): Promise<WatchOutcome> {
  return new Promise((resolve, reject) => {
    let done = false;
    const onLine = (line: string): void => {
      if (done) return;
      try {
        if (cache.applyLine(line) === undefined) return;
        resolve('expired');
      } catch (error) {
        if (error instanceof UpstreamError) reject(error);
        else logger.warn({ err: error }, 'unreadable watch event; resuming');
      }
      done = true;
      res.destroy();
    };
    res.setEncoding('utf8');
    res.on('data', lineSplitter(onLine));
    res.on('error', () => undefined);
    res.on('close', () => {
      resolve('ended');
    });
  });
}

/** Sends a watch request and streams its events into `cache`; HTTP 410 is `expired`. */
function streamEvents(
  request: ClientRequest,
  cache: WatchCache,
  logger: Logger,
): Promise<WatchOutcome> {
  return new Promise((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (res: IncomingMessage) => {
      const code = res.statusCode ?? 502;
      if (code === 200) {
        readEvents(res, cache, logger).then(resolve, reject);
      } else if (code === 410) {
        res.resume();
        resolve('expired');
      } else {
        void readBody(res).then((text) => {
          reject(new UpstreamError(statusFromBody(code, text)));
        });
      }
    });
    request.end();
  });
}

/**
 * Starts one upstream list+watch as `credential`: lists in pages, watches from the list's
 * resourceVersion with bookmarks, keeps the current objects (so a late listener gets a snapshot at
 * once), resumes from the last resourceVersion when a stream ends, relists on 410 Expired (HTTP or
 * in-stream), and backs off while the API server is unreachable. A terminal error (401, 403,
 * 404...) is told to every listener and ends the watch.
 */
export function createSharedWatch(options: SharedWatchOptions): SharedWatch {
  const { timing } = options;
  const logger = options.logger.child({
    watch: watchQueryPath(options.query, {}).replace(/\?$/, ''),
  });
  const abort = new AbortController();
  const connection: Connection = { ...options, signal: abort.signal };
  const stopped = (): boolean => abort.signal.aborted;
  const backoff = createBackoff(timing);
  const listeners = new Set<SharedWatchListener>();
  const cache = createWatchCache((update) => {
    for (const listener of [...listeners]) listener(update);
  });

  async function watchOnce(): Promise<WatchOutcome | 'brief'> {
    const opened = Date.now();
    const params = {
      watch: '1',
      resourceVersion: cache.resourceVersion() ?? '',
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(timing.watchTimeoutSeconds()),
    };
    const request = await options.upstream.open(options.credential, {
      method: 'GET',
      path: watchQueryPath(options.query, params),
      headers: { Accept: 'application/json' },
      signal: abort.signal,
    });
    const outcome = await streamEvents(request, cache, logger);
    return outcome === 'ended' && Date.now() - opened < minHealthyWatchMs ? 'brief' : outcome;
  }

  async function pause(): Promise<void> {
    await sleep(backoff.next(), undefined, { signal: abort.signal }).catch(() => undefined);
  }

  function fail(status: KubeStatus): void {
    logger.info({ code: status.code, reason: status.reason }, 'watch ended: %s', status.message);
    for (const listener of [...listeners]) listener({ type: 'error', status });
    stop();
    options.onEnd();
  }

  /** Whether the next round lists first (at the start, and after 410 Expired). */
  let mustList = true;

  /** One list (when needed) and one watch. */
  async function round(): Promise<void> {
    if (mustList) {
      const { items, resourceVersion } = await listAll(connection, timing.pageSize);
      cache.replace(items, resourceVersion);
      mustList = false;
    } else options.onResume?.();
    const outcome = await watchOnce();
    if (outcome === 'expired') {
      logger.debug('watch expired (410); relisting');
      options.onRelist?.();
      mustList = true;
    } else if (outcome === 'brief') await pause();
    else backoff.reset();
  }

  async function run(): Promise<void> {
    while (!stopped()) {
      try {
        await round();
      } catch (error) {
        if (stopped()) return;
        const status = statusOf(error);
        if (isTerminal(status)) {
          fail(status);
          return;
        }
        logger.debug({ code: status.code }, 'watch interrupted, retrying: %s', status.message);
        if (status.code === 410) mustList = true;
        await pause();
      }
    }
  }

  function stop(): void {
    listeners.clear();
    abort.abort();
  }

  void run();

  return {
    add: (listener) => {
      listeners.add(listener);
      const snapshot = cache.snapshot();
      if (snapshot !== undefined) listener(snapshot);
      return () => {
        listeners.delete(listener);
      };
    },
    listeners: () => listeners.size,
    stop,
  };
}
