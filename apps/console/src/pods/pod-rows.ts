import { labels, labelValues } from '@podvisor/api';
import { podStatus } from '../workloads/pod-status.ts';
import type { PodContainerStatus, PodResource } from './pod-resource.ts';

/** One row of the Pods table: kubectl's columns plus the launcher's VM. */
export interface PodRow {
  /** `<namespace>/<name>`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** kubectl's STATUS. */
  readonly status: string;
  /** kubectl's READY: ready containers / containers (`1/2`). */
  readonly ready: string;
  /** kubectl's RESTARTS count. */
  readonly restarts: number;
  /** When the most recent restart's previous run ended, in epoch ms. */
  readonly lastRestart: number | undefined;
  readonly node: string | undefined;
  readonly ip: string | undefined;
  /** creationTimestamp in epoch ms. */
  readonly created: number | undefined;
  /** The VM a virt-launcher pod runs. */
  readonly vmName: string | undefined;
  readonly deleting: boolean;
  readonly pod: PodResource;
}

function timestamp(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The VM a virt-launcher pod (`kubevirt.io=virt-launcher`) runs; undefined for any other pod. */
export function launcherVmName(pod: PodResource): string | undefined {
  const podLabels = pod.metadata.labels;
  if (podLabels?.[labels.app] !== labelValues.virtLauncher) return undefined;
  const name = podLabels[labels.vmName];
  return name === '' ? undefined : name;
}

function isInitializing(pod: PodResource): boolean {
  return (pod.status?.initContainerStatuses ?? []).some(
    (status) => status.state?.terminated?.exitCode !== 0,
  );
}

function lastRunEnd(status: PodContainerStatus): number | undefined {
  return timestamp(status.lastState?.terminated?.finishedAt);
}

/** Restarts as kubectl counts them: the init containers' while initializing, else the others'. */
function restartsOf(pod: PodResource): { count: number; last: number | undefined } {
  const statuses: readonly PodContainerStatus[] = isInitializing(pod)
    ? (pod.status?.initContainerStatuses ?? [])
    : (pod.status?.containerStatuses ?? []);
  let count = 0;
  let last: number | undefined;
  for (const status of statuses) {
    const restarts = status.restartCount ?? 0;
    count += restarts;
    const ended = restarts > 0 ? lastRunEnd(status) : undefined;
    if (ended !== undefined) last = Math.max(last ?? 0, ended);
  }
  return { count, last };
}

function readyOf(pod: PodResource): string {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  const ready = statuses.filter((status) => status.ready === true).length;
  return `${String(ready)}/${String(total)}`;
}

/** The row of one pod. */
export function podRow(pod: PodResource): PodRow {
  const namespace = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  const restarts = restartsOf(pod);
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    status: podStatus(pod),
    ready: readyOf(pod),
    restarts: restarts.count,
    lastRestart: restarts.last,
    node: pod.spec?.nodeName,
    ip: pod.status?.podIP,
    created: timestamp(pod.metadata.creationTimestamp),
    vmName: launcherVmName(pod),
    deleting: pod.metadata.deletionTimestamp !== undefined,
    pod,
  };
}

/** The rows whose name contains `text` (any case). */
export function filterPodRows(rows: readonly PodRow[], text: string): PodRow[] {
  const needle = text.trim().toLowerCase();
  return needle === '' ? [...rows] : rows.filter((row) => row.name.toLowerCase().includes(needle));
}
