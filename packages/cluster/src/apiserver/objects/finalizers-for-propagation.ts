import type { KubeObject } from '../json.ts';

/** The finalizer of an owner whose dependents are orphaned before it goes (`propagationPolicy: Orphan`). */
export const orphanFinalizer = 'orphan';
/** The finalizer of an owner that waits for its blocking dependents (`propagationPolicy: Foreground`). */
export const foregroundFinalizer = 'foregroundDeletion';

/** A DELETE's `propagationPolicy`. */
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** The finalizers listed in an object's metadata. */
export function finalizersOf(obj: KubeObject): string[] {
  const list = obj.metadata['finalizers'];
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
}

/** The first garbage-collection finalizer in the list, as upstream reads an existing choice. */
function existingChoice(finalizers: readonly string[]): PropagationPolicy | undefined {
  const first = finalizers.find((f) => f === orphanFinalizer || f === foregroundFinalizer);
  if (first === undefined) return undefined;
  return first === orphanFinalizer ? 'Orphan' : 'Foreground';
}

/**
 * The finalizers an object must carry once a DELETE with this propagation policy starts its
 * deletion (kube-apiserver's `deletionFinalizersForGarbageCollection`): the object's own
 * finalizers without `orphan`/`foregroundDeletion`, plus `orphan` for Orphan or
 * `foregroundDeletion` for Foreground. Without a policy, a GC finalizer already on the object
 * decides, then the resource's default (`Background` for every current API; `Orphan` for the old
 * extensions/v1beta1, apps/v1beta1 and apps/v1beta2 workloads). When the result differs from the
 * current finalizers, the delete handler stores it and defers the deletion (finalizers are left);
 * the garbage collector removes them when done.
 */
export function finalizersForPropagation(
  policy: PropagationPolicy | undefined,
  obj: KubeObject,
  defaultPolicy: 'Background' | 'Orphan' = 'Background',
): string[] {
  const current = finalizersOf(obj);
  const effective = policy ?? existingChoice(current) ?? defaultPolicy;
  const kept = current.filter((f) => f !== orphanFinalizer && f !== foregroundFinalizer);
  if (effective === 'Orphan') return [...kept, orphanFinalizer];
  if (effective === 'Foreground') return [...kept, foregroundFinalizer];
  return kept;
}
