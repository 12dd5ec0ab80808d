// Test fixtures: nodes with the fields the console reads.
import type { Node } from './node.ts';

/** What a fixture node may set. */
export interface NodeFixture {
  readonly name: string;
  /** The Ready condition's status (True unless set); `none`: no Ready condition. */
  readonly ready?: 'True' | 'False' | 'Unknown' | 'none';
  readonly unschedulable?: boolean;
  readonly roles?: readonly string[];
  readonly ip?: string;
  readonly version?: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly created?: string;
}

/** A node for tests (Ready, 4 CPUs and 8Gi unless set). */
export function makeNode(fixture: NodeFixture): Node {
  const roles = Object.fromEntries(
    (fixture.roles ?? []).map((role) => [`node-role.kubernetes.io/${role}`, '']),
  );
  const resources = { cpu: fixture.cpu ?? '4', memory: fixture.memory ?? '8Gi' };
  return {
    metadata: {
      name: fixture.name,
      uid: `uid-${fixture.name}`,
      creationTimestamp: fixture.created ?? '2025-01-01T00:00:00Z',
      labels: { 'kubernetes.io/hostname': fixture.name, ...roles },
    },
    spec: fixture.unschedulable === true ? { unschedulable: true } : {},
    status: {
      conditions:
        fixture.ready === 'none' ? [] : [{ type: 'Ready', status: fixture.ready ?? 'True' }],
      addresses: [
        { type: 'InternalIP', address: fixture.ip ?? '192.168.0.10' },
        { type: 'Hostname', address: fixture.name },
      ],
      capacity: resources,
      allocatable: resources,
      nodeInfo: { kubeletVersion: fixture.version ?? 'v1.33.0' },
    },
  };
}
