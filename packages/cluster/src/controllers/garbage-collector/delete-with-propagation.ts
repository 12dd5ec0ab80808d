import { isJsonObject, type KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { isNotFound } from '../../apiserver/status-error.ts';
import type { ClusterClient, ObjectName, ResourceRef } from '../cluster-client.ts';
import {
  finalizersForPropagation,
  finalizersOf,
  type PropagationPolicy,
} from '../../apiserver/objects/finalizers-for-propagation.ts';

/** The field manager of the garbage collector's writes. */
export const gcManager = 'generic-garbage-collector';

function nameOf(obj: KubeObject): ObjectName {
  return { namespace: metaString(obj, 'namespace'), name: metaString(obj, 'name') };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Ignores a 404 (the object is already gone, which is what the collector wanted). */
async function unlessGone(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
}

/** Sets `metadata.finalizers`, conditioned on the resourceVersion read (a change meanwhile is a 409). */
async function setFinalizers(
  client: ClusterClient,
  ref: ResourceRef,
  obj: KubeObject,
  finalizers: readonly string[],
): Promise<void> {
  const body = {
    metadata: {
      resourceVersion: metaString(obj, 'resourceVersion'),
      finalizers: finalizers.length === 0 ? null : [...finalizers],
    },
  };
  await unlessGone(
    client.patch(ref, nameOf(obj), { type: 'merge', body }, { fieldManager: gcManager }),
  );
}

/**
 * Deletes an object with a propagation policy, preconditioned on its UID. The `orphan` or
 * `foregroundDeletion` finalizer the policy calls for is set first, so this works whether or not
 * the delete handler adds it itself (`finalizersForPropagation`).
 */
export async function deleteWithPropagation(
  client: ClusterClient,
  ref: ResourceRef,
  obj: KubeObject,
  policy: PropagationPolicy,
): Promise<void> {
  const wanted = finalizersForPropagation(policy, obj);
  if (!sameList(wanted, finalizersOf(obj))) await setFinalizers(client, ref, obj, wanted);
  await client.delete(ref, nameOf(obj), {
    propagationPolicy: policy,
    preconditions: { uid: metaString(obj, 'uid') },
  });
}

/** Removes one finalizer from an object (which completes its deletion when it was the last). */
export async function removeFinalizer(
  client: ClusterClient,
  ref: ResourceRef,
  obj: KubeObject,
  finalizer: string,
): Promise<void> {
  const current = finalizersOf(obj);
  if (!current.includes(finalizer)) return;
  await setFinalizers(
    client,
    ref,
    obj,
    current.filter((f) => f !== finalizer),
  );
}

/** Removes the owner references with these UIDs from an object. */
export async function removeOwnerReferences(
  client: ClusterClient,
  ref: ResourceRef,
  obj: KubeObject,
  uids: readonly string[],
): Promise<void> {
  const refs = obj.metadata['ownerReferences'];
  const list = Array.isArray(refs) ? refs : [];
  const kept = list.filter(
    (r) => !(isJsonObject(r) && typeof r['uid'] === 'string' && uids.includes(r['uid'])),
  );
  if (kept.length === list.length) return;
  const body = {
    metadata: {
      resourceVersion: metaString(obj, 'resourceVersion'),
      ownerReferences: kept.length === 0 ? null : kept,
    },
  };
  await unlessGone(
    client.patch(ref, nameOf(obj), { type: 'merge', body }, { fieldManager: gcManager }),
  );
}
