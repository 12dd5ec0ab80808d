import { type AccessResult, k8sDelete } from '../k8s/index.ts';
import { podsResource, type PodResource } from './pod-resource.ts';

/** The access deleting a pod needs (the namespace is added per pod). */
export const podDeleteAccessReview = { group: '', resource: 'pods', verb: 'delete' } as const;

/** Deletes the pod; rejects with a KubeError in the server's words. */
export function deletePod(pod: PodResource): Promise<unknown> {
  return k8sDelete({
    ...podsResource,
    namespace: pod.metadata.namespace,
    name: pod.metadata.name ?? '',
  });
}

/**
 * Why the pod cannot be deleted now: the access review still out or refused (with the server's
 * reason), or the pod already terminating; undefined when it can.
 */
export function podDeleteDisabledReason(
  pod: PodResource,
  access: AccessResult | undefined,
): string | undefined {
  if (access === undefined) return 'Checking your permissions…';
  if (!access.allowed) {
    const base = `You may not delete pods in namespace ${pod.metadata.namespace ?? ''}`;
    return access.reason === undefined ? base : `${base}: ${access.reason}`;
  }
  if (pod.metadata.deletionTimestamp !== undefined) return 'The pod is already being deleted';
  return undefined;
}
