import type { VirtualMachineInstance } from '@podvisor/api';
import type { Pod } from '../workloads/pod.ts';
import type { SortValue } from '../shared/table-sort.ts';
import { nodeResources } from './node-capacity.ts';
import type { Node } from './node.ts';
import {
  isSchedulable,
  nodeInternalIp,
  nodeReadiness,
  nodeRoles,
  nodeStatus,
  type NodeReadiness,
} from './node-status.ts';

/** One row of the Nodes table. */
export interface NodeRow {
  readonly key: string;
  readonly name: string;
  /** kubectl's STATUS: `Ready`, `NotReady,SchedulingDisabled`, ... */
  readonly status: string;
  readonly readiness: NodeReadiness;
  readonly schedulable: boolean;
  readonly roles: readonly string[];
  readonly kubeletVersion: string | undefined;
  readonly internalIp: string | undefined;
  readonly cpuMillis: bigint | undefined;
  readonly memoryBytes: bigint | undefined;
  /** Pods bound to the node that have not finished; undefined when pods could not be listed. */
  readonly pods: number | undefined;
  /** VMIs running on the node that have not finished; undefined when VMIs could not be listed. */
  readonly vms: number | undefined;
  /** creationTimestamp in epoch milliseconds. */
  readonly created: number | undefined;
}

/** What the rows are built from; a list is undefined when it could not be read. */
export interface NodeRowSources {
  readonly nodes: readonly Node[];
  readonly pods: readonly Pod[] | undefined;
  readonly vmis: readonly VirtualMachineInstance[] | undefined;
}

const finishedPhases: readonly string[] = ['Succeeded', 'Failed'];

/** How many of the items are on each node (items with no node, or finished ones, are not counted). */
export function countByNode<T>(
  items: readonly T[],
  placement: (item: T) => { readonly node: string | undefined; readonly phase: string | undefined },
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const { node, phase } = placement(item);
    if (
      node === undefined ||
      node === '' ||
      (phase !== undefined && finishedPhases.includes(phase))
    )
      continue;
    counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  return counts;
}

function timestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The Nodes table's rows, with the pods and VMs counted per node. */
export function buildNodeRows(sources: NodeRowSources): NodeRow[] {
  const pods =
    sources.pods === undefined
      ? undefined
      : countByNode(sources.pods, (pod) => ({
          node: pod.spec?.nodeName,
          phase: pod.status?.phase,
        }));
  const vmis =
    sources.vmis === undefined
      ? undefined
      : countByNode(sources.vmis, (vmi) => ({
          node: vmi.status?.nodeName,
          phase: vmi.status?.phase,
        }));
  return sources.nodes.map((node) => {
    const name = node.metadata.name ?? '';
    const { cpuMillis, memoryBytes } = nodeResources(node, 'capacity');
    return {
      key: node.metadata.uid ?? name,
      name,
      status: nodeStatus(node),
      readiness: nodeReadiness(node),
      schedulable: isSchedulable(node),
      roles: nodeRoles(node),
      kubeletVersion: node.status?.nodeInfo?.kubeletVersion,
      internalIp: nodeInternalIp(node),
      cpuMillis,
      memoryBytes,
      pods: pods === undefined ? undefined : (pods.get(name) ?? 0),
      vms: vmis === undefined ? undefined : (vmis.get(name) ?? 0),
      created: timestamp(node.metadata.creationTimestamp),
    };
  });
}

/** The sortable columns of the Nodes table, in column order. */
export const nodeSortColumns = [
  'name',
  'status',
  'roles',
  'version',
  'ip',
  'cpu',
  'memory',
  'pods',
  'vms',
  'age',
] as const;

/** One of {@link nodeSortColumns}. */
export type NodeSortColumn = (typeof nodeSortColumns)[number];

const optionalNumber = (value: bigint | number | undefined): number | undefined =>
  value === undefined ? undefined : Number(value);

/** What a row shows in a column, for sorting (age ascending is youngest first). */
export function nodeSortValue(row: NodeRow, column: NodeSortColumn): SortValue {
  const values: Record<NodeSortColumn, () => SortValue> = {
    name: () => row.name,
    status: () => row.status,
    roles: () => row.roles.join(','),
    version: () => row.kubeletVersion,
    ip: () => row.internalIp,
    cpu: () => optionalNumber(row.cpuMillis),
    memory: () => optionalNumber(row.memoryBytes),
    pods: () => row.pods,
    vms: () => row.vms,
    age: () => (row.created === undefined ? undefined : -row.created),
  };
  return values[column]();
}

/** The rows whose name, role, IP or version contains `text` (case-insensitive). */
export function filterNodeRows(rows: readonly NodeRow[], text: string): NodeRow[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [...rows];
  return rows.filter((row) =>
    [row.name, row.internalIp, row.kubeletVersion, ...row.roles].some(
      (value) => value?.toLowerCase().includes(needle) === true,
    ),
  );
}
