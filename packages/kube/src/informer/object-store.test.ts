import type { KubeObject } from '../client/kube-object.ts';
import { describe, expect, it } from 'vitest';
import { ObjectStore, indexByLabel, indexByOwnerUid } from './object-store.ts';

function pod(name: string, meta: Partial<NonNullable<KubeObject['metadata']>> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', ...meta } };
}

const owner = (uid: string) => ({ apiVersion: 'v1', kind: 'X', name: uid, uid });

function store(): ObjectStore<KubeObject> {
  return new ObjectStore({ owner: indexByOwnerUid, node: indexByLabel('kubevirt.io/nodeName') });
}

describe('ObjectStore', () => {
  it('stores objects by namespace/name, and cluster-scoped ones by name', () => {
    const s = store();
    s.upsert(pod('a'));
    s.upsert({ kind: 'Node', metadata: { name: 'node-1' } });
    expect(s.get('ns/a')?.metadata?.name).toBe('a');
    expect(s.get('node-1')?.kind).toBe('Node');
    expect(s.get('a')).toBeUndefined();
  });

  it('returns the replaced object on upsert and the removed one on remove', () => {
    const s = store();
    expect(s.upsert(pod('a', { resourceVersion: '1' }))).toBeUndefined();
    expect(s.upsert(pod('a', { resourceVersion: '2' }))?.metadata?.resourceVersion).toBe('1');
    expect(s.remove(pod('a'))?.metadata?.resourceVersion).toBe('2');
    expect(s.remove(pod('a'))).toBeUndefined();
    expect(s.size).toBe(0);
  });

  it('lists all objects or those of one namespace', () => {
    const s = store();
    s.upsert(pod('a'));
    s.upsert(pod('b', { namespace: 'other' }));
    expect(s.list().map((o) => o.metadata?.name)).toEqual(['a', 'b']);
    expect(s.list('other').map((o) => o.metadata?.name)).toEqual(['b']);
    expect(s.list('none')).toEqual([]);
  });

  it('finds objects by every owner UID', () => {
    const s = store();
    s.upsert(pod('a', { ownerReferences: [owner('u1'), owner('u2')] }));
    s.upsert(pod('b', { ownerReferences: [owner('u1')] }));
    expect(s.byIndex('owner', 'u1').map((o) => o.metadata?.name)).toEqual(['a', 'b']);
    expect(s.byIndex('owner', 'u2').map((o) => o.metadata?.name)).toEqual(['a']);
  });

  it('moves an object between index values when it changes, and drops it on remove', () => {
    const s = store();
    s.upsert(pod('a', { labels: { 'kubevirt.io/nodeName': 'node-1' } }));
    s.upsert(pod('a', { labels: { 'kubevirt.io/nodeName': 'node-2' } }));
    expect(s.byIndex('node', 'node-1')).toEqual([]);
    expect(s.byIndex('node', 'node-2')).toHaveLength(1);
    s.remove(pod('a'));
    expect(s.byIndex('node', 'node-2')).toEqual([]);
  });

  it('does not index objects without the label', () => {
    const s = store();
    s.upsert(pod('a'));
    expect(s.byIndex('node', '')).toEqual([]);
  });

  it('rejects a query of an index it does not have', () => {
    expect(() => store().byIndex('nope', 'x')).toThrow('no index named "nope"');
  });
});
