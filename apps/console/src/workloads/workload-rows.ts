import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { labels, labelValues } from '@podvisor/api';
import { podStatus } from './pod-status.ts';
import type { Pod } from './pod.ts';

/** The kinds the Workloads table lists. */
export type WorkloadKind = 'Pod' | 'VirtualMachine';

/** Points at another row: the launcher pod of a VM, or the VM of a launcher pod. */
export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
}

/** One row of the Workloads table. */
export interface WorkloadRow extends WorkloadRef {
  /** Unique per row: `<kind>/<namespace>/<name>`. */
  readonly key: string;
  /** Pod: kubectl's STATUS (phase or container reason); VM: printableStatus. */
  readonly status: string;
  readonly node: string | undefined;
  readonly ip: string | undefined;
  /** creationTimestamp in epoch milliseconds. */
  readonly created: number | undefined;
  readonly labels: Readonly<Record<string, string>>;
  /** The VM's launcher pod, or the launcher pod's VM. */
  readonly related: WorkloadRef | undefined;
}

/** What the rows are built from: the watched lists. */
export interface WorkloadSources {
  readonly pods: readonly Pod[];
  readonly vms: readonly VirtualMachine[];
  readonly vmis: readonly VirtualMachineInstance[];
}

const noLabels: Readonly<Record<string, string>> = {};

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

function timestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The VM name of a launcher pod, or undefined for any other pod. */
function launcherVmName(pod: Pod): string | undefined {
  const podLabels = pod.metadata.labels;
  if (podLabels?.[labels.app] !== labelValues.virtLauncher) return undefined;
  return podLabels[labels.vmName];
}

function isFinished(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Orders launcher pods best first: of the current VMI, not finished, newest. */
function launcherRank(pod: Pod, vmiUid: string | undefined): [number, number, number] {
  const ofVmi = vmiUid !== undefined && pod.metadata.labels?.[labels.createdBy] === vmiUid;
  return [
    ofVmi ? 0 : 1,
    isFinished(pod) ? 1 : 0,
    -(timestamp(pod.metadata.creationTimestamp) ?? 0),
  ];
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (const [index, value] of a.entries()) {
    const diff = value - (b[index] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The launcher pod to link from a VM: the current VMI's live pod when there are several. */
function pickLauncher(candidates: readonly Pod[], vmiUid: string | undefined): Pod | undefined {
  let best: Pod | undefined;
  for (const pod of candidates) {
    if (
      best === undefined ||
      compareRanks(launcherRank(pod, vmiUid), launcherRank(best, vmiUid)) < 0
    ) {
      best = pod;
    }
  }
  return best;
}

/** Lookup maps keyed `<namespace>/<name>`, built once per change of the lists. */
interface Lookups {
  readonly vmNames: ReadonlySet<string>;
  readonly vmisByName: ReadonlyMap<string, VirtualMachineInstance>;
  readonly launchersByVm: ReadonlyMap<string, Pod[]>;
}

function buildLookups(sources: WorkloadSources): Lookups {
  const vmNames = new Set<string>();
  for (const vm of sources.vms)
    vmNames.add(keyOf(vm.metadata.namespace ?? '', vm.metadata.name ?? ''));
  const vmisByName = new Map<string, VirtualMachineInstance>();
  for (const vmi of sources.vmis) {
    vmisByName.set(keyOf(vmi.metadata.namespace ?? '', vmi.metadata.name ?? ''), vmi);
  }
  const launchersByVm = new Map<string, Pod[]>();
  for (const pod of sources.pods) {
    const vmName = launcherVmName(pod);
    if (vmName === undefined) continue;
    const key = keyOf(pod.metadata.namespace ?? '', vmName);
    const list = launchersByVm.get(key);
    if (list === undefined) launchersByVm.set(key, [pod]);
    else list.push(pod);
  }
  return { vmNames, vmisByName, launchersByVm };
}

function podRow(pod: Pod, lookups: Lookups): WorkloadRow {
  const namespace = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  const vmName = launcherVmName(pod);
  const hasVm = vmName !== undefined && lookups.vmNames.has(keyOf(namespace, vmName));
  return {
    key: `Pod/${namespace}/${name}`,
    kind: 'Pod',
    namespace,
    name,
    status: podStatus(pod),
    node: pod.spec?.nodeName,
    ip: pod.status?.podIP,
    created: timestamp(pod.metadata.creationTimestamp),
    labels: pod.metadata.labels ?? noLabels,
    related: hasVm ? { kind: 'VirtualMachine', namespace, name: vmName } : undefined,
  };
}

function vmiIp(vmi: VirtualMachineInstance | undefined): string | undefined {
  return vmi?.status?.interfaces?.find((iface) => iface.ipAddress !== undefined)?.ipAddress;
}

function vmRow(vm: VirtualMachine, lookups: Lookups): WorkloadRow {
  const namespace = vm.metadata.namespace ?? '';
  const name = vm.metadata.name ?? '';
  const vmi = lookups.vmisByName.get(keyOf(namespace, name));
  const launcher = pickLauncher(
    lookups.launchersByVm.get(keyOf(namespace, name)) ?? [],
    vmi?.metadata.uid,
  );
  return {
    key: `VirtualMachine/${namespace}/${name}`,
    kind: 'VirtualMachine',
    namespace,
    name,
    status: vm.status?.printableStatus ?? 'Unknown',
    node: vmi?.status?.nodeName,
    ip: vmiIp(vmi),
    created: timestamp(vm.metadata.creationTimestamp),
    labels: vm.metadata.labels ?? noLabels,
    related:
      launcher === undefined
        ? undefined
        : { kind: 'Pod', namespace, name: launcher.metadata.name ?? '' },
  };
}

/**
 * The Workloads table's rows: one per pod and one per VM, side by side. A VM row takes node and
 * IP from its VMI and links its launcher pod; a launcher pod row links its VM. The joins go
 * through lookup maps (by `vm.kubevirt.io/name` and namespace), so the cost is linear.
 */
export function buildWorkloadRows(sources: WorkloadSources): WorkloadRow[] {
  const lookups = buildLookups(sources);
  const rows: WorkloadRow[] = [];
  for (const pod of sources.pods) rows.push(podRow(pod, lookups));
  for (const vm of sources.vms) rows.push(vmRow(vm, lookups));
  return rows;
}
