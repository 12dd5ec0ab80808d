import type { V1ContainerStatus, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { launcherPodLayout } from '../../shared/launcher-pod-layout.ts';

/** Whether the pod has finished for good (phase Succeeded or Failed). */
export function isPodFinal(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function computeStatus(pod: V1Pod): V1ContainerStatus | undefined {
  return pod.status?.containerStatuses?.find(
    (status) => status.name === launcherPodLayout.computeContainer,
  );
}

/** Whether the pod is final, being deleted, or its `compute` container has terminated. */
export function isPodDownOrGoingDown(pod: V1Pod): boolean {
  return (
    isPodFinal(pod) ||
    pod.metadata?.deletionTimestamp != null ||
    computeStatus(pod)?.state?.terminated != null
  );
}

/** Whether the pod is Running and its `compute` container has started (readiness not awaited). */
export function isComputeStarted(pod: V1Pod): boolean {
  return pod.status?.phase === 'Running' && computeStatus(pod)?.state?.running != null;
}

/** When `compute` terminated (ms since the epoch), if the pod says. */
export function computeFinishedAt(pod: V1Pod): number | undefined {
  const finished: unknown = computeStatus(pod)?.state?.terminated?.finishedAt;
  if (finished === undefined || finished === null) return undefined;
  const ms = new Date(finished as string | Date).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** The pod's `PodScheduled` condition, if any. */
export function podScheduledCondition(pod: V1Pod): V1PodCondition | undefined {
  return pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
}

/**
 * The pod that stands for the VMI among its launcher pods: with `nodeName` (the VMI's
 * `status.nodeName`), the newest pod on that node — during a live migration the VMI has two
 * pods, and it runs where its status says; otherwise (or when none is there) the newest one not
 * being deleted, else the newest of all; `undefined` when there is none.
 */
export function currentPod(pods: readonly V1Pod[], nodeName?: string): V1Pod | undefined {
  const created = (pod: V1Pod): string => String(pod.metadata?.creationTimestamp ?? '');
  const newestFirst = [...pods].sort((a, b) => created(b).localeCompare(created(a)));
  const onNode =
    nodeName === undefined || nodeName === ''
      ? []
      : newestFirst.filter((pod) => pod.spec?.nodeName === nodeName);
  const candidates = onNode.length > 0 ? onNode : newestFirst;
  return candidates.find((pod) => pod.metadata?.deletionTimestamp == null) ?? candidates[0];
}
