import type { KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString } from '../../apiserver/objects/lifecycle.ts';
import {
  finalizersOf,
  foregroundFinalizer,
  orphanFinalizer,
  type PropagationPolicy,
} from '../../apiserver/objects/finalizers-for-propagation.ts';
import { ownerReferencesOf } from './owner-references.ts';

/**
 * What the collector knows of one owner: `present` (exists, not deleting its dependents first),
 * `waiting` (being deleted in the foreground), `absent` (its kind is watched and no object of it
 * has the UID, in a namespace the dependent may name) or `unknown` (its kind is not served).
 */
export type OwnerState = 'present' | 'waiting' | 'absent' | 'unknown';

/** What to do with an object that has owners. */
export type DependentAction =
  | { readonly type: 'keep' }
  /** An owner's kind is not watched: absence cannot be told from not knowing; look again later. */
  | { readonly type: 'wait'; readonly kinds: readonly string[] }
  /** Keep the object for its present owners; drop the references to gone or foreground-deleting ones. */
  | { readonly type: 'removeOwners'; readonly uids: readonly string[] }
  | { readonly type: 'delete'; readonly policy: PropagationPolicy };

/** What to do about an object being deleted with a garbage-collection finalizer. */
export type OwnerAction =
  | { readonly type: 'none' }
  /** Remove the owner's reference from these dependents (keys), then the `orphan` finalizer. */
  | { readonly type: 'orphan'; readonly dependents: readonly KubeObject[] }
  /** Blocking dependents are gone: remove the `foregroundDeletion` finalizer. */
  | { readonly type: 'finishForeground' }
  /** Dependents with `blockOwnerDeletion` remain; they are being deleted. */
  | { readonly type: 'waitForDependents'; readonly blocking: number };

/** The policy a garbage-collected object is deleted with: its own GC finalizer's, else Background. */
function ownPolicy(obj: KubeObject): PropagationPolicy {
  const finalizers = finalizersOf(obj);
  if (finalizers.includes(orphanFinalizer)) return 'Orphan';
  if (finalizers.includes(foregroundFinalizer)) return 'Foreground';
  return 'Background';
}

/**
 * The garbage collector's decision for an object with owner references (upstream's
 * `attemptToDeleteItem`), given the state of each owner by UID and whether the object has
 * dependents itself: an object with a present owner stays (losing its references to gone and
 * foreground-deleting owners); one whose owners are all gone or deleting is deleted — in the
 * foreground when an owner waits for it and it has dependents of its own.
 */
export function dependentAction(
  obj: KubeObject,
  owners: ReadonlyMap<string, OwnerState>,
  hasDependents: boolean,
): DependentAction {
  const refs = ownerReferencesOf(obj);
  if (refs.length === 0 || isDeleting(obj)) return { type: 'keep' };
  const state = (uid: string): OwnerState => owners.get(uid) ?? 'unknown';
  if (refs.some((r) => state(r.uid) === 'present')) {
    const stale = refs.filter((r) => state(r.uid) === 'absent' || state(r.uid) === 'waiting');
    return stale.length === 0
      ? { type: 'keep' }
      : { type: 'removeOwners', uids: stale.map((r) => r.uid) };
  }
  const unknown = refs.filter((r) => state(r.uid) === 'unknown');
  if (unknown.length > 0)
    return { type: 'wait', kinds: unknown.map((r) => `${r.kind} (${r.apiVersion})`) };
  if (hasDependents && refs.some((r) => state(r.uid) === 'waiting'))
    return { type: 'delete', policy: 'Foreground' };
  return { type: 'delete', policy: ownPolicy(obj) };
}

/**
 * The garbage collector's work on an object being deleted (upstream's `orphanDependents` and
 * `processDeletingDependentsItem`): with `orphan`, detach its dependents, then let it go; with
 * `foregroundDeletion`, let it go once no dependent with `blockOwnerDeletion` references it.
 */
export function deletingOwnerAction(
  owner: KubeObject,
  dependents: readonly KubeObject[],
): OwnerAction {
  if (!isDeleting(owner)) return { type: 'none' };
  const finalizers = finalizersOf(owner);
  if (finalizers.includes(orphanFinalizer)) return { type: 'orphan', dependents };
  if (!finalizers.includes(foregroundFinalizer)) return { type: 'none' };
  const uid = metaString(owner, 'uid');
  const blocking = dependents.filter((d) =>
    ownerReferencesOf(d).some((r) => r.uid === uid && r.blockOwnerDeletion),
  ).length;
  return blocking === 0 ? { type: 'finishForeground' } : { type: 'waitForDependents', blocking };
}
