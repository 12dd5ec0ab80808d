import { statusFromBody, UpstreamError, type KubeStatus } from '../upstream/upstream-error.ts';
import { isNewerResourceVersion } from './resource-version.ts';
import type { WatchEventType, WatchObject } from './watch-protocol.ts';

/** What a cache tells its owner when its contents change. */
export type WatchCacheUpdate =
  | {
      readonly type: 'snapshot';
      readonly items: readonly WatchObject[];
      readonly resourceVersion: string;
    }
  | { readonly type: 'event'; readonly event: WatchEventType; readonly object: WatchObject }
  | { readonly type: 'error'; readonly status: KubeStatus };

/** The current objects of one list+watch and the resourceVersion to resume from. */
export interface WatchCache {
  /** Replaces the contents with a fresh list and announces a snapshot. */
  replace(items: readonly WatchObject[], resourceVersion: string): void;
  /**
   * Applies one line of a watch stream. Returns `expired` for an ERROR 410 (relist); throws
   * {@link UpstreamError} for another ERROR, and a plain Error for a line that is not an event.
   */
  applyLine(line: string): 'expired' | undefined;
  /** The complete current set, once the first list is in. */
  snapshot(): WatchCacheUpdate | undefined;
  /** Where a watch resumes: the newest resourceVersion seen (list, events, bookmarks). */
  resourceVersion(): string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` looks like a Kubernetes object (it has `metadata`). */
export function isWatchObject(value: unknown): value is WatchObject {
  return isRecord(value) && isRecord(value['metadata']);
}

function objectKey(object: WatchObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/**
 * A cache of one list+watch that announces each real change through `announce`: an ADDED or
 * MODIFIED no newer than what it holds (a replay) is dropped, a DELETED of an unknown object too,
 * and the event type follows what the cache held (so a client's set stays consistent).
 */
export function createWatchCache(announce: (update: WatchCacheUpdate) => void): WatchCache {
  let objects = new Map<string, WatchObject>();
  let version: string | undefined;
  let synced = false;

  const advance = (candidate: string | undefined): void => {
    if (candidate !== undefined && isNewerResourceVersion(candidate, version)) version = candidate;
  };
  const snapshot = (): WatchCacheUpdate | undefined =>
    synced
      ? { type: 'snapshot', items: [...objects.values()], resourceVersion: version ?? '' }
      : undefined;

  function applyChange(type: WatchEventType, object: WatchObject): void {
    const key = objectKey(object);
    const existing = objects.get(key);
    const objectVersion = object.metadata.resourceVersion;
    if (type === 'DELETED') {
      advance(objectVersion);
      if (existing === undefined) return;
      objects.delete(key);
      announce({ type: 'event', event: 'DELETED', object });
      return;
    }
    const existingVersion = existing?.metadata.resourceVersion;
    if (objectVersion !== undefined && !isNewerResourceVersion(objectVersion, existingVersion))
      return;
    objects.set(key, object);
    advance(objectVersion);
    announce({ type: 'event', event: existing === undefined ? 'ADDED' : 'MODIFIED', object });
  }

  function applyLine(line: string): 'expired' | undefined {
    const event = JSON.parse(line) as unknown;
    if (!isRecord(event) || typeof event['type'] !== 'string' || !isRecord(event['object']))
      throw new Error('malformed watch event');
    const { type, object } = event as { type: string; object: Record<string, unknown> };
    if (type === 'ERROR') {
      const status = statusFromBody(500, JSON.stringify(object));
      if (status.code === 410) return 'expired';
      throw new UpstreamError(status);
    }
    if (!isWatchObject(object)) throw new Error('watch event without metadata');
    if (type === 'BOOKMARK') advance(object.metadata.resourceVersion);
    else if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')
      applyChange(type, object);
    return undefined;
  }

  return {
    replace: (items, resourceVersion) => {
      objects = new Map(items.map((item) => [objectKey(item), item]));
      version = resourceVersion;
      synced = true;
      const update = snapshot();
      if (update !== undefined) announce(update);
    },
    applyLine,
    snapshot,
    resourceVersion: () => version,
  };
}
