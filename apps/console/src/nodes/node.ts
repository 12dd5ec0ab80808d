import type { ObjectMeta } from '@podvisor/api';

/** A condition of a node (`Ready`, `MemoryPressure`, ...). */
export interface NodeCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** A core/v1 Node, reduced to the fields the console reads. */
export interface Node {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly unschedulable?: boolean };
  readonly status?: {
    readonly conditions?: readonly NodeCondition[];
    readonly addresses?: readonly { readonly type: string; readonly address: string }[];
    readonly capacity?: Readonly<Record<string, string>>;
    readonly allocatable?: Readonly<Record<string, string>>;
    readonly nodeInfo?: { readonly kubeletVersion?: string };
  };
}

/** The group, version and plural of nodes, for watches. */
export const nodesResource = { group: '', version: 'v1', resource: 'nodes' } as const;
