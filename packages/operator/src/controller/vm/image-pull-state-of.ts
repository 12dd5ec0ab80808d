import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { ImagePullState } from './printable-status-of.ts';

function waitingReasons(statuses: readonly V1ContainerStatus[] | undefined): string[] {
  return (statuses ?? []).flatMap((s) => s.state?.waiting?.reason ?? []);
}

/**
 * Whether any container of the (live) launcher pods cannot get its image: `ErrImagePull` wins
 * over `ImagePullBackOff`, as the kubelet alternates between the two.
 */
export function imagePullStateOf(pods: readonly V1Pod[]): ImagePullState {
  const reasons = pods
    .filter((pod) => pod.metadata?.deletionTimestamp === undefined)
    .flatMap((pod) => [
      ...waitingReasons(pod.status?.initContainerStatuses),
      ...waitingReasons(pod.status?.containerStatuses),
    ]);
  if (reasons.includes('ErrImagePull')) return 'ErrImagePull';
  if (reasons.includes('ImagePullBackOff')) return 'ImagePullBackOff';
  return undefined;
}
