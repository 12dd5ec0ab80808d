import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apiserver/json.ts';
import { OwnerGraph } from './owner-graph.ts';

function object(name: string, uid: string, owners: string[] = []): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      uid,
      ownerReferences: owners.map((o) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: o,
        uid: o,
      })),
    },
  };
}

describe('OwnerGraph', () => {
  it('finds objects by UID and dependents by owner UID, following updates and removals', () => {
    const graph = new OwnerGraph();
    graph.put('k/owner', object('owner', 'u-owner'));
    graph.put('k/a', object('a', 'u-a', ['u-owner']));
    graph.put('k/b', object('b', 'u-b', ['u-owner', 'u-other']));
    expect(graph.byUid('u-owner')?.key).toBe('k/owner');
    expect(graph.dependentsOf('u-owner').map((d) => d.key)).toEqual(['k/a', 'k/b']);

    graph.put('k/b', object('b', 'u-b', ['u-other']));
    expect(graph.dependentsOf('u-owner').map((d) => d.key)).toEqual(['k/a']);
    expect(graph.dependentsOf('u-other').map((d) => d.key)).toEqual(['k/b']);

    graph.remove('k/a');
    expect(graph.dependentsOf('u-owner')).toEqual([]);
    expect(graph.byUid('u-a')).toBeUndefined();
    expect(graph.withOwners().map((e) => e.key)).toEqual(['k/b']);
  });

  it('replaces an object recreated under the same key with a new UID', () => {
    const graph = new OwnerGraph();
    graph.put('k/x', object('x', 'u-1'));
    graph.put('k/x', object('x', 'u-2'));
    expect(graph.byUid('u-1')).toBeUndefined();
    expect(graph.byUid('u-2')?.key).toBe('k/x');
  });
});
