import type { KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { ownerReferencesOf } from './owner-references.ts';

/** One object in the graph, under its collector key. */
export interface GraphEntry {
  readonly key: string;
  readonly obj: KubeObject;
}

/**
 * The garbage collector's in-memory view of ownership across every watched resource: objects by
 * UID, and the keys of each UID's dependents (objects naming it in `ownerReferences`). Kept up to
 * date synchronously from informer events; it does no I/O.
 */
export class OwnerGraph {
  readonly #byKey = new Map<string, KubeObject>();
  readonly #byUid = new Map<string, GraphEntry>();
  readonly #dependents = new Map<string, Set<string>>();

  /** Adds or replaces the object under its key. */
  put(key: string, obj: KubeObject): void {
    this.remove(key);
    this.#byKey.set(key, obj);
    this.#byUid.set(metaString(obj, 'uid'), { key, obj });
    for (const ref of ownerReferencesOf(obj)) {
      const set = this.#dependents.get(ref.uid) ?? new Set();
      set.add(key);
      this.#dependents.set(ref.uid, set);
    }
  }

  /** Forgets the object under the key, if any. */
  remove(key: string): void {
    const old = this.#byKey.get(key);
    if (old === undefined) return;
    this.#byKey.delete(key);
    const uid = metaString(old, 'uid');
    if (this.#byUid.get(uid)?.key === key) this.#byUid.delete(uid);
    for (const ref of ownerReferencesOf(old)) {
      const set = this.#dependents.get(ref.uid);
      set?.delete(key);
      if (set?.size === 0) this.#dependents.delete(ref.uid);
    }
  }

  /** The object with this UID, if it is watched and exists. */
  byUid(uid: string): GraphEntry | undefined {
    return this.#byUid.get(uid);
  }

  /** The dependents of the object with this UID. */
  dependentsOf(uid: string): GraphEntry[] {
    return [...(this.#dependents.get(uid) ?? [])].flatMap((key) => {
      const obj = this.#byKey.get(key);
      return obj === undefined ? [] : [{ key, obj }];
    });
  }

  /** Every object with owner references. */
  withOwners(): GraphEntry[] {
    return [...this.#byKey].flatMap(([key, obj]) =>
      ownerReferencesOf(obj).length > 0 ? [{ key, obj }] : [],
    );
  }
}
