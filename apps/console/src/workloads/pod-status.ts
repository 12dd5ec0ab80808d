import type { ContainerStatus, Pod } from './pod.ts';

/** The reason a terminated container gives, or its signal or exit code (as kubectl prints it). */
function terminatedReason(terminated: NonNullable<ContainerStatus['state']>['terminated']): string {
  if (terminated?.reason !== undefined && terminated.reason !== '') return terminated.reason;
  if (terminated?.signal !== undefined && terminated.signal !== 0) {
    return `Signal:${terminated.signal}`;
  }
  return `ExitCode:${terminated?.exitCode ?? 0}`;
}

/** `Init:<reason>` while an init container has not succeeded; undefined once all have. */
function initStatus(statuses: readonly ContainerStatus[]): string | undefined {
  for (const [index, status] of statuses.entries()) {
    const { waiting, terminated } = status.state ?? {};
    if (terminated?.exitCode === 0) continue;
    if (terminated !== undefined) return `Init:${terminatedReason(terminated)}`;
    if (waiting?.reason !== undefined && waiting.reason !== 'PodInitializing') {
      return `Init:${waiting.reason}`;
    }
    return `Init:${index}/${statuses.length}`;
  }
  return undefined;
}

/** The reason the first troubled container gives (waiting or terminated), if any. */
function containerReason(statuses: readonly ContainerStatus[]): {
  reason: string | undefined;
  anyRunningReady: boolean;
} {
  let reason: string | undefined;
  let anyRunningReady = false;
  // Walk backwards so the first container's reason wins, as in kubectl.
  for (const status of statuses.toReversed()) {
    const { waiting, terminated, running } = status.state ?? {};
    if (waiting?.reason !== undefined && waiting.reason !== '') reason = waiting.reason;
    else if (terminated !== undefined) reason = terminatedReason(terminated);
    else if (running !== undefined && status.ready === true) anyRunningReady = true;
  }
  return { reason, anyRunningReady };
}

/**
 * The STATUS kubectl shows for a pod: `Terminating` while it is being deleted, else an init
 * container's trouble (`Init:CrashLoopBackOff`, `Init:0/2`), else a container's waiting or
 * terminated reason (`CrashLoopBackOff`, `ImagePullBackOff`, `Error`, `Completed`), else the pod's
 * reason (`Evicted`) or phase.
 */
export function podStatus(pod: Pod): string {
  const status = pod.status ?? {};
  if (pod.metadata.deletionTimestamp !== undefined) {
    return status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  }
  const base = status.reason ?? status.phase ?? 'Unknown';
  const init = initStatus(status.initContainerStatuses ?? []);
  if (init !== undefined) return init;
  const { reason, anyRunningReady } = containerReason(status.containerStatuses ?? []);
  if (reason === undefined) return base;
  return reason === 'Completed' && anyRunningReady ? 'Running' : reason;
}
