import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { currentPod } from './launcher-pod-state.ts';

function pod(name: string, created: string, node?: string, deleting = false): V1Pod {
  return {
    metadata: {
      name,
      creationTimestamp: created as unknown as Date,
      ...(deleting ? { deletionTimestamp: '2026-01-01T00:09:00Z' as unknown as Date } : {}),
    },
    spec: { containers: [], ...(node === undefined ? {} : { nodeName: node }) },
  };
}

const source = pod('source', '2026-01-01T00:00:00Z', 'node-1');
const target = pod('target', '2026-01-01T00:05:00Z', 'node-2');
const older = pod('older', '2025-12-31T00:00:00Z', 'node-1');
const deletingTarget = pod('target', '2026-01-01T00:05:00Z', 'node-2', true);
const deletingSource = pod('source', '2026-01-01T00:00:00Z', 'node-1', true);

describe('currentPod picks the pod that stands for the VMI', () => {
  it.each<[string, V1Pod[], string | undefined, string | undefined]>([
    ['no pods: none', [], 'node-1', undefined],
    ['without a node: the newest', [source, target], undefined, 'target'],
    ['without a node: the newest not being deleted', [source, deletingTarget], undefined, 'source'],
    ['during a migration: the one on the VMI node', [source, target], 'node-1', 'source'],
    ['after a migration: the one on the new node', [source, target], 'node-2', 'target'],
    ['the newest of those on the node', [older, source, target], 'node-1', 'source'],
    ['on the node, even when it is being deleted', [deletingSource, target], 'node-1', 'source'],
    ['none on the node: the newest elsewhere', [source, target], 'node-3', 'target'],
  ])('%s', (_, pods, node, expected) => {
    expect(currentPod(pods, node)?.metadata?.name).toBe(expected);
  });
});
