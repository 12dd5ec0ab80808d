import type { KubeObject } from '../json.ts';
import { arrayAt, booleanAt, stringAt, stringMapAt } from '../selectors/read-json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import {
  ageColumn,
  ageOf,
  column,
  nameColumn,
  nameOf,
  type PrintedRow,
  type TablePrinter,
} from './table-printer.ts';

const rolePrefix = 'node-role.kubernetes.io/';
const legacyRoleLabel = 'kubernetes.io/role';

/** `Ready`, `NotReady` or `Unknown`, plus `SchedulingDisabled` for a cordoned node. */
export function nodeStatus(node: KubeObject): string {
  const ready = arrayAt(node, 'status', 'conditions')
    .filter((c) => stringAt(c, 'type') === 'Ready')
    .at(-1);
  const status: string[] = [];
  if (ready === undefined) status.push('Unknown');
  else status.push(stringAt(ready, 'status') === 'True' ? 'Ready' : 'NotReady');
  if (booleanAt(node, 'spec', 'unschedulable') === true) status.push('SchedulingDisabled');
  return status.join(',');
}

/** The node's roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
export function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(stringMapAt(node, 'metadata', 'labels'))) {
    if (key.startsWith(rolePrefix) && key.length > rolePrefix.length)
      roles.add(key.slice(rolePrefix.length));
    else if (key === legacyRoleLabel && value !== '') roles.add(value);
  }
  const sorted = [...roles].sort();
  return sorted.length === 0 ? '<none>' : sorted.join(',');
}

function address(node: KubeObject, type: string): string {
  const found = arrayAt(node, 'status', 'addresses').find((a) => stringAt(a, 'type') === type);
  return found === undefined ? '<none>' : stringAt(found, 'address');
}

function info(node: KubeObject, field: string): string {
  const value = stringAt(node, 'status', 'nodeInfo', field);
  return value === '' ? '<unknown>' : value;
}

function nodeRow(node: KubeObject, now: number): PrintedRow {
  return {
    cells: [
      nameOf(node),
      nodeStatus(node),
      nodeRoles(node),
      ageOf(node, now),
      stringAt(node, 'status', 'nodeInfo', 'kubeletVersion'),
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info(node, 'osImage'),
      info(node, 'kernelVersion'),
      info(node, 'containerRuntimeVersion'),
    ],
  };
}

/** Nodes: Name, Status, Roles, Age, Version; wide: IPs, OS image, kernel, runtime. */
export const nodePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Status', 'string', describe.nodeStatus),
    column('Roles', 'string', describe.nodeRoles),
    ageColumn,
    column('Version', 'string', describe.kubeletVersion),
    column('Internal-IP', 'string', describe.nodeAddresses, { priority: 1 }),
    column('External-IP', 'string', describe.nodeAddresses, { priority: 1 }),
    column('OS-Image', 'string', describe.osImage, { priority: 1 }),
    column('Kernel-Version', 'string', describe.kernelVersion, { priority: 1 }),
    column('Container-Runtime', 'string', describe.containerRuntimeVersion, { priority: 1 }),
  ],
  row: nodeRow,
};
