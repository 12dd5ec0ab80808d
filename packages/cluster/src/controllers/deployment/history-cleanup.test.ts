import { describe, expect, it } from 'vitest';
import { testWorkload } from '../replicaset/test-objects.ts';
import { historyToDelete } from './history-cleanup.ts';
import { replicaSetView } from './replica-set-view.ts';

function old(name: string, revision: number, replicas = 0, generation = 1) {
  return replicaSetView(
    testWorkload('ReplicaSet', name, {
      metadata: {
        generation,
        annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      },
      spec: { replicas },
      status: { replicas, observedGeneration: 1 },
    }),
  );
}

describe('historyToDelete', () => {
  const d = (limit?: number) =>
    testWorkload('Deployment', 'd', {
      spec: limit === undefined ? {} : { revisionHistoryLimit: limit },
    });

  it('deletes the lowest revisions beyond the limit', () => {
    const list = [old('c', 3), old('a', 1), old('b', 2)];
    expect(historyToDelete(d(1), list).map((rs) => rs.name)).toEqual(['a', 'b']);
  });

  it('spares ReplicaSets with pods or an unobserved generation, and keeps everything without a limit', () => {
    const list = [old('a', 1, 1), old('b', 2, 0, 2), old('c', 3)];
    expect(historyToDelete(d(0), list).map((rs) => rs.name)).toEqual(['c']);
    expect(historyToDelete(d(), list)).toEqual([]);
  });
});
