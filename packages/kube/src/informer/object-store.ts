import type { KubeObject } from '../client/kube-object.ts';
import { objectKey } from './object-key.ts';

/** Maps an object to the values it is found under in one index (none, one or several). */
export type IndexFunction<T> = (object: T) => readonly string[];

/**
 * An in-memory cache of objects by key, with secondary indexes kept up to date on every change.
 * Returned objects are shared: callers must not mutate them.
 */
export class ObjectStore<T extends KubeObject> {
  readonly #objects = new Map<string, T>();
  readonly #indexers: ReadonlyMap<string, IndexFunction<T>>;
  /** index name → index value → keys */
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Readonly<Record<string, IndexFunction<T>>> = {}) {
    this.#indexers = new Map(Object.entries(indexers));
    for (const name of this.#indexers.keys()) this.#indexes.set(name, new Map());
  }

  get size(): number {
    return this.#objects.size;
  }

  /** Stores `object` under its key, returning the object it replaced. */
  upsert(object: T): T | undefined {
    const key = objectKey(object);
    const old = this.#objects.get(key);
    if (old) this.#unindex(key, old);
    this.#objects.set(key, object);
    this.#index(key, object);
    return old;
  }

  /** Removes the object stored under the key of `object`, returning it. */
  remove(object: T): T | undefined {
    const key = objectKey(object);
    const old = this.#objects.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#objects.delete(key);
    return old;
  }

  get(key: string): T | undefined {
    return this.#objects.get(key);
  }

  /** Every object, or those of one namespace. */
  list(namespace?: string): T[] {
    const all = [...this.#objects.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata?.namespace === namespace);
  }

  /** The objects found under `value` in the index `name`; throws for an unknown index. */
  byIndex(name: string, value: string): T[] {
    const index = this.#indexes.get(name);
    if (!index) throw new Error(`no index named ${JSON.stringify(name)}`);
    const keys = index.get(value) ?? new Set<string>();
    return [...keys].flatMap((key) => this.#objects.get(key) ?? []);
  }

  #index(key: string, object: T): void {
    for (const [name, indexer] of this.#indexers) {
      const index = this.#indexes.get(name);
      for (const value of indexer(object)) {
        let keys = index?.get(value);
        if (!keys) {
          keys = new Set();
          index?.set(value, keys);
        }
        keys.add(key);
      }
    }
  }

  #unindex(key: string, object: T): void {
    for (const [name, indexer] of this.#indexers) {
      const index = this.#indexes.get(name);
      for (const value of indexer(object)) {
        const keys = index?.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index?.delete(value);
      }
    }
  }
}

/** Indexes objects by the UIDs of their owners (every ownerReference). */
export function indexByOwnerUid(object: KubeObject): readonly string[] {
  return (object.metadata?.ownerReferences ?? []).map((ref) => ref.uid);
}

/** Indexes objects by the value of one label (objects without it are not indexed). */
export function indexByLabel(label: string): IndexFunction<KubeObject> {
  return (object) => {
    const value = object.metadata?.labels?.[label];
    return value === undefined ? [] : [value];
  };
}
