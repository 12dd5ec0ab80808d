import { parseMilliQuantity, parseQuantity } from '@podvisor/api';
import type { Node } from './node.ts';

/** CPU in millicores and memory in bytes; undefined when no node reported a readable value. */
export interface NodeResources {
  readonly cpuMillis: bigint | undefined;
  readonly memoryBytes: bigint | undefined;
}

function add(sum: bigint | undefined, value: bigint | undefined): bigint | undefined {
  if (value === undefined) return sum;
  return (sum ?? 0n) + value;
}

/** The CPU and memory a node reports in `status.<field>` (`capacity` or `allocatable`). */
export function nodeResources(node: Node, field: 'capacity' | 'allocatable'): NodeResources {
  const resources = node.status?.[field] ?? {};
  return {
    cpuMillis: parseMilliQuantity(resources['cpu']),
    memoryBytes: parseQuantity(resources['memory']),
  };
}

/** The cluster's allocatable CPU and memory: the sum over the nodes that report them. */
export function clusterAllocatable(nodes: readonly Node[]): NodeResources {
  let cpuMillis: bigint | undefined;
  let memoryBytes: bigint | undefined;
  for (const node of nodes) {
    const resources = nodeResources(node, 'allocatable');
    cpuMillis = add(cpuMillis, resources.cpuMillis);
    memoryBytes = add(memoryBytes, resources.memoryBytes);
  }
  return { cpuMillis, memoryBytes };
}

/** Millicores as people read them: `4 cores`, `1 core`, `2.5 cores`, `250m`. */
export function formatCpu(millis: bigint): string {
  if (millis < 1000n && millis !== 0n) return `${String(millis)}m`;
  const cores = Number(millis) / 1000;
  const text = Number.isInteger(cores) ? String(cores) : cores.toFixed(1).replace(/\.0$/, '');
  return `${text} ${cores === 1 ? 'core' : 'cores'}`;
}

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Bytes in the largest binary unit that keeps at least 1, to one decimal: `15.6 GiB`, `512 MiB`. */
export function formatMemory(bytes: bigint): string {
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < binaryUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${binaryUnits[unit] ?? 'B'}`;
}
