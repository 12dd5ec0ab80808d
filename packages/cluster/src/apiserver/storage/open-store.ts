import type { KubeObject } from '../json.ts';
import { deepFreeze } from './deep-freeze.ts';
import { EventHistory } from './event-history.ts';
import { prefixRange } from './prefix-range.ts';
import { type CurrentRow, type LogRow, SqliteLog } from './sqlite-log.ts';
import { StoreError } from './store-error.ts';
import type { WatchEvent, WatchEventType } from './watch-event.ts';
import { WatchHub, type WatchListener } from './watch-hub.ts';

/** Where a background failure came from (see {@link StoreOptions.onError}). */
export type StoreErrorSource =
  { readonly source: 'listener'; readonly event: WatchEvent } | { readonly source: 'compaction' };

/** Options of {@link openStore}. */
export interface StoreOptions {
  /** The SQLite file, or `':memory:'` (tests). */
  readonly path: string;
  /** How many recent events are kept for watches to resume from (default 10,000). */
  readonly historySize?: number;
  /** How often the log is compacted in the background, in ms (default 60,000). */
  readonly compactIntervalMs?: number;
  /** Receives errors thrown by watch listeners and by background compaction (default: dropped). */
  readonly onError?: (error: unknown, context: StoreErrorSource) => void;
}

/** Options of {@link Store.list}. */
export interface ListOptions {
  /** At most this many items (a positive integer); all when absent. */
  readonly limit?: number;
  /** Start at this key (inclusive): the `nextKey` of the previous page. */
  readonly continueKey?: string;
}

/** One page of a list. */
export interface ListResult {
  /** Ordered by key. Fresh objects: the caller may change them. */
  readonly items: KubeObject[];
  /** The store's revision the page was read at. */
  readonly revision: number;
  /** Where the next page starts; absent on the last page. */
  readonly nextKey?: string;
}

/**
 * A revisioned key-value store of Kubernetes objects. Every write gets the next global revision,
 * which becomes the object's `metadata.resourceVersion`. Objects returned by writes and carried by
 * watch events are deep-frozen (they are shared); `get` and `list` return fresh objects.
 */
export interface Store {
  /** The object at a key. */
  get(key: string): KubeObject | undefined;
  /** The objects whose key starts with `prefix`, ordered by key, optionally paged. */
  list(prefix: string, options?: ListOptions): ListResult;
  /** Stores a new object; StoreError `exists` when the key is taken. */
  create(key: string, object: KubeObject): KubeObject;
  /** Replaces an object; StoreError `not-found`, or `conflict` when `expectedRevision` is stale. */
  update(key: string, object: KubeObject, expectedRevision?: number): KubeObject;
  /** Deletes an object and returns it at the deletion's revision; `not-found` or `conflict`. */
  delete(key: string, expectedRevision?: number): KubeObject;
  /** The revision of the last write (0 for an empty new store). */
  currentRevision(): number;
  /**
   * Calls `listener` for every event under `prefix` with a revision above `fromRevision`: first
   * the retained history (synchronously, before `watch` returns), then live events after each
   * commit. StoreError `expired` when that history is no longer retained. Returns `stop`.
   */
  watch(prefix: string, fromRevision: number, listener: WatchListener): () => void;
  /** Drops log rows older than the retained history; returns how many were dropped. */
  compact(): number;
  /** Stops the compaction timer, drops every watcher and closes the file (idempotent). */
  close(): void;
}

const defaultHistorySize = 10_000;
const defaultCompactIntervalMs = 60_000;

/** Opens (or creates) a store file, rebuilding the watch history from its log. */
export function openStore(options: StoreOptions): Store {
  const historySize = options.historySize ?? defaultHistorySize;
  const compactIntervalMs = options.compactIntervalMs ?? defaultCompactIntervalMs;
  requirePositiveInteger('historySize', historySize);
  requirePositiveInteger('compactIntervalMs', compactIntervalMs);
  return new SqliteStore({ ...options, historySize, compactIntervalMs });
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`store option ${name} must be a positive integer, got ${value}`);
  }
}

/** The state of a key before a change: its row and its (frozen) object. */
interface Previous {
  readonly row: CurrentRow;
  readonly object: KubeObject;
}

interface ResolvedOptions extends StoreOptions {
  readonly historySize: number;
  readonly compactIntervalMs: number;
}

class SqliteStore implements Store {
  readonly #log: SqliteLog;
  readonly #history: EventHistory;
  readonly #hub: WatchHub;
  readonly #timer: NodeJS.Timeout;
  readonly #onError: StoreOptions['onError'];
  #revision: number;

  constructor(options: ResolvedOptions) {
    this.#log = new SqliteLog(options.path);
    this.#onError = options.onError;
    try {
      this.#revision = this.#log.maxRevision();
      this.#history = rebuildHistory(this.#log, options.historySize, this.#revision);
    } catch (error) {
      this.#log.close();
      throw error;
    }
    this.#hub = new WatchHub((error, event) => {
      this.#report(error, { source: 'listener', event });
    });
    this.#timer = setInterval(() => {
      this.#compactInBackground();
    }, options.compactIntervalMs);
    this.#timer.unref();
  }

  get(key: string): KubeObject | undefined {
    const row = this.#log.readCurrent(key);
    return row === undefined ? undefined : parseObject(row.value);
  }

  list(prefix: string, options: ListOptions = {}): ListResult {
    const { limit, continueKey } = options;
    if (limit !== undefined) {
      requirePositiveInteger('limit', limit);
    }
    const range = prefixRange(prefix);
    const start =
      continueKey !== undefined && continueKey > range.start ? continueKey : range.start;
    const page = this.#log.listValues({ start, end: range.end }, limit);
    const items = page.values.map(parseObject);
    const revision = this.#revision;
    return page.nextKey === undefined
      ? { items, revision }
      : { items, revision, nextKey: page.nextKey };
  }

  create(key: string, object: KubeObject): KubeObject {
    if (this.#log.readCurrent(key) !== undefined) {
      throw new StoreError('exists', `key ${key} already exists`, { key });
    }
    return this.#commit({ type: 'ADDED', key, object, previous: undefined });
  }

  update(key: string, object: KubeObject, expectedRevision?: number): KubeObject {
    const previous = this.#readForChange(key, expectedRevision);
    return this.#commit({ type: 'MODIFIED', key, object, previous });
  }

  delete(key: string, expectedRevision?: number): KubeObject {
    const previous = this.#readForChange(key, expectedRevision);
    return this.#commit({ type: 'DELETED', key, object: previous.object, previous });
  }

  currentRevision(): number {
    return this.#revision;
  }

  watch(prefix: string, fromRevision: number, listener: WatchListener): () => void {
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
      throw new RangeError(`watch revision must be a non-negative integer, got ${fromRevision}`);
    }
    const replay = this.#history.since(fromRevision);
    if (replay === undefined) {
      const oldest = this.#history.oldestWatchableRevision;
      throw new StoreError('expired', `too old resource version: ${fromRevision} (${oldest})`, {
        requestedRevision: fromRevision,
        actualRevision: oldest,
      });
    }
    return this.#hub.subscribe({ prefix, fromRevision, replay }, listener);
  }

  compact(): number {
    return this.#log.compact(this.#history.oldestWatchableRevision + 1);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#hub.clear();
    this.#log.close();
  }

  /** The live state of a key that is about to change, after the not-found and CAS checks. */
  #readForChange(key: string, expectedRevision: number | undefined): Previous {
    const current = this.#log.readCurrent(key);
    if (current === undefined) {
      throw new StoreError('not-found', `key ${key} not found`, { key });
    }
    if (expectedRevision !== undefined && expectedRevision !== current.revision) {
      throw new StoreError(
        'conflict',
        `key ${key} is at revision ${current.revision}, not ${expectedRevision}`,
        { key, requestedRevision: expectedRevision, actualRevision: current.revision },
      );
    }
    return { row: current, object: this.#frozenObject(current) };
  }

  /** Writes one change at the next revision, then tells the history and the watchers. */
  #commit(change: {
    type: WatchEventType;
    key: string;
    object: KubeObject;
    previous: Previous | undefined;
  }): KubeObject {
    const { type, key, previous } = change;
    const revision = this.#revision + 1;
    const value = JSON.stringify(withResourceVersion(change.object, revision));
    this.#log.append({ revision, key, type, value, prevValue: previous?.row.value });
    this.#revision = revision;
    const object = deepFreeze(parseObject(value));
    const event: WatchEvent =
      previous === undefined
        ? { type, key, object, revision }
        : { type, key, object, revision, previous: previous.object };
    this.#history.append(event);
    this.#hub.publish(event);
    return object;
  }

  /** The frozen object of a live row: the history's copy when it is that revision, else parsed. */
  #frozenObject(row: CurrentRow): KubeObject {
    const latest = this.#history.latest(row.key);
    if (latest?.revision === row.revision) {
      return latest.object;
    }
    return deepFreeze(parseObject(row.value));
  }

  #compactInBackground(): void {
    try {
      this.compact();
    } catch (error) {
      this.#report(error, { source: 'compaction' });
    }
  }

  #report(error: unknown, context: StoreErrorSource): void {
    try {
      this.#onError?.(error, context);
    } catch {
      // The error handler failed as well; nothing is left to tell.
    }
  }
}

/** The history of the last `size` writes, as retained in the log. */
function rebuildHistory(log: SqliteLog, size: number, revision: number): EventHistory {
  const rows = log.recentLog(size);
  const history = new EventHistory(size, (rows[0]?.revision ?? revision + 1) - 1);
  for (const row of rows) {
    history.append(eventFromLog(row, history));
  }
  return history;
}

/**
 * A logged write as a watch event. When the history holds the key's previous write, its object
 * is the previous value (the log row's `prev_value` is that write's value), so it is shared.
 */
function eventFromLog(row: LogRow, history: EventHistory): WatchEvent {
  const { type, key, revision } = row;
  const object = deepFreeze(parseObject(row.value));
  if (row.prevValue === undefined) {
    return { type, key, object, revision };
  }
  const latest = history.latest(key);
  const previous =
    latest !== undefined && latest.type !== 'DELETED'
      ? latest.object
      : deepFreeze(parseObject(row.prevValue));
  return { type, key, object, revision, previous };
}

function withResourceVersion(object: KubeObject, revision: number): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}

function parseObject(json: string): KubeObject {
  return JSON.parse(json) as KubeObject;
}
