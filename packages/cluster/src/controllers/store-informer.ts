import type { KubeObject } from '../apiserver/json.ts';
import { metaString } from '../apiserver/objects/lifecycle.ts';
import type { ObjectFilter } from '../apiserver/service/list-filter.ts';
import type { Store } from '../apiserver/storage/index.ts';

/** The events an informer reports. Handlers run synchronously after a commit: only enqueue keys. */
export type InformerEvent = 'add' | 'update' | 'delete';
export type InformerHandler = (obj: KubeObject, old: KubeObject | undefined) => void;

/** A read-only, always up-to-date cache of one collection, with change notifications. */
export interface Informer {
  /** Resolves once the cache holds the initial list (immediately for in-process informers). */
  readonly synced: Promise<void>;
  /** The object with this key (`namespace/name`, or `name` when cluster-scoped). Do not mutate it. */
  get(key: string): KubeObject | undefined;
  /** All cached objects, or those of one namespace. Do not mutate them. */
  list(namespace?: string): KubeObject[];
  on(event: InformerEvent, handler: InformerHandler): void;
  stop(): void;
}

/** The cache key of an object: `namespace/name`, or `name` for cluster-scoped objects. */
export function objectCacheKey(obj: KubeObject): string {
  const namespace = metaString(obj, 'namespace');
  const name = metaString(obj, 'name');
  return namespace === '' ? name : `${namespace}/${name}`;
}

/**
 * An informer over the store itself, for controllers running inside the API server process:
 * a snapshot list, then every later event in revision order, filtered by selectors (an object
 * that starts or stops matching is reported as added or deleted, as a watch would).
 */
export function storeInformer(
  store: Store,
  prefix: string,
  filter: ObjectFilter = () => true,
): Informer {
  const cache = new Map<string, KubeObject>();
  const handlers: Record<InformerEvent, InformerHandler[]> = { add: [], update: [], delete: [] };
  const emit = (event: InformerEvent, obj: KubeObject, old: KubeObject | undefined): void => {
    for (const handler of handlers[event]) handler(obj, old);
  };
  const snapshot = store.list(prefix);
  for (const item of snapshot.items) if (filter(item)) cache.set(objectCacheKey(item), item);
  const stop = store.watch(prefix, snapshot.revision, (event) => {
    const key = objectCacheKey(event.object);
    const old = cache.get(key);
    const matches = event.type !== 'DELETED' && filter(event.object);
    if (matches) cache.set(key, event.object);
    else cache.delete(key);
    if (matches) emit(old === undefined ? 'add' : 'update', event.object, old);
    else if (old !== undefined) emit('delete', event.type === 'DELETED' ? event.object : old, old);
  });
  return {
    synced: Promise.resolve(),
    get: (key) => cache.get(key),
    list: (namespace) =>
      [...cache.values()].filter(
        (o) => namespace === undefined || metaString(o, 'namespace') === namespace,
      ),
    on: (event, handler) => {
      handlers[event].push(handler);
      if (event === 'add') for (const obj of cache.values()) handler(obj, undefined);
    },
    stop,
  };
}
