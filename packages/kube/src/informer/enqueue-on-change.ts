import type { KubeObject } from '../client/kube-object.ts';
import type { WorkQueue } from '../queue/work-queue.ts';
import type { Informer } from './informer.ts';
import { objectKey } from './object-key.ts';

/** Maps an object to the queue keys it concerns (its own key, its owner's, …). */
export type KeyMapper<T> = (object: T) => readonly string[];

/**
 * Subscribes `queue` to every add, update and delete of `informer`: each event enqueues the keys
 * `toKeys` gives for the object (and, on update, for its previous state too, so a changed owner
 * or label reaches both sides). Handlers only enqueue. Returns a function that unsubscribes.
 */
export function enqueueOnChange<T extends KubeObject>(
  informer: Pick<Informer<T>, 'on'>,
  queue: Pick<WorkQueue, 'add'>,
  toKeys: KeyMapper<T> = ownKey,
): () => void {
  const enqueue = (object: T): void => {
    for (const key of toKeys(object)) queue.add(key);
  };
  const offs = [
    informer.on('add', enqueue),
    informer.on('update', (object, old) => {
      enqueue(object);
      enqueue(old);
    }),
    informer.on('delete', enqueue),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** The object's own key. */
export function ownKey(object: KubeObject): readonly string[] {
  return [objectKey(object)];
}

/** Which owners {@link controllerOwnerKey} follows. */
export interface OwnerKind {
  readonly kind: string;
  /** The owner's API group (`''` for the core group); any group when absent. */
  readonly apiGroup?: string;
  /** Whether the owner is cluster-scoped (its key is then just its name). */
  readonly clusterScoped?: boolean;
}

/**
 * A {@link KeyMapper} to the key of the object's controlling owner (the ownerReference with
 * `controller: true`) when that owner is of the given kind; objects without one map to nothing.
 */
export function controllerOwnerKey(owner: OwnerKind): KeyMapper<KubeObject> {
  return (object) => {
    const ref = object.metadata?.ownerReferences?.find(
      (r) => r.controller === true && r.kind === owner.kind && groupMatches(r.apiVersion, owner),
    );
    if (!ref) return [];
    const namespace = object.metadata?.namespace;
    return [namespace && owner.clusterScoped !== true ? `${namespace}/${ref.name}` : ref.name];
  };
}

function groupMatches(apiVersion: string, owner: OwnerKind): boolean {
  if (owner.apiGroup === undefined) return true;
  const slash = apiVersion.indexOf('/');
  return (slash < 0 ? '' : apiVersion.slice(0, slash)) === owner.apiGroup;
}
