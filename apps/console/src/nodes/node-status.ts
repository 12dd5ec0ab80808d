import type { Node } from './node.ts';

/** What the node's `Ready` condition says: True, False, or anything else (or nothing). */
export type NodeReadiness = 'Ready' | 'NotReady' | 'Unknown';

/** Ready when the `Ready` condition is True, NotReady when False, else Unknown. */
export function nodeReadiness(node: Node): NodeReadiness {
  const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
  if (ready?.status === 'True') return 'Ready';
  if (ready?.status === 'False') return 'NotReady';
  return 'Unknown';
}

/** Whether new pods may be scheduled on the node (not cordoned). */
export function isSchedulable(node: Node): boolean {
  return node.spec?.unschedulable !== true;
}

/** The STATUS kubectl prints: the readiness, plus `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  const readiness = nodeReadiness(node);
  return isSchedulable(node) ? readiness : `${readiness},SchedulingDisabled`;
}

const rolePrefix = 'node-role.kubernetes.io/';
const legacyRoleLabel = 'kubernetes.io/role';

/** The node's roles from its `node-role.kubernetes.io/<role>` labels (and the legacy label), sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(rolePrefix) && key.length > rolePrefix.length)
      roles.add(key.slice(rolePrefix.length));
    else if (key === legacyRoleLabel && value !== '') roles.add(value);
  }
  return [...roles].sort();
}

/** The node's `InternalIP` address, if it reports one. */
export function nodeInternalIp(node: Node): string | undefined {
  return node.status?.addresses?.find((address) => address.type === 'InternalIP')?.address;
}

/** How many nodes there are, by readiness. */
export interface NodeStatusCounts {
  readonly total: number;
  readonly ready: number;
  readonly notReady: number;
  readonly unknown: number;
  /** Cordoned nodes (whatever their readiness). */
  readonly schedulingDisabled: number;
}

/** Counts the nodes by readiness, and the cordoned ones. */
export function nodeStatusCounts(nodes: readonly Node[]): NodeStatusCounts {
  const counts = { total: nodes.length, ready: 0, notReady: 0, unknown: 0, schedulingDisabled: 0 };
  for (const node of nodes) {
    const readiness = nodeReadiness(node);
    if (readiness === 'Ready') counts.ready += 1;
    else if (readiness === 'NotReady') counts.notReady += 1;
    else counts.unknown += 1;
    if (!isSchedulable(node)) counts.schedulingDisabled += 1;
  }
  return counts;
}
