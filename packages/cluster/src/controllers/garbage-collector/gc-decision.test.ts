import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { deletingOwnerAction, dependentAction, type OwnerState } from './gc-decision.ts';

const ref = (uid: string, blockOwnerDeletion = false): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  name: `owner-${uid}`,
  uid,
  blockOwnerDeletion,
});

function object(name: string, meta: JsonObject = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, uid: `uid-${name}`, ...meta } };
}

const deleting = { deletionTimestamp: '2025-01-01T00:00:00Z' };

interface Case {
  readonly meta: JsonObject;
  readonly owners: Record<string, OwnerState>;
  readonly hasDependents?: boolean;
}

describe('dependentAction', () => {
  it.each<[string, Case, unknown]>([
    ['no owners', { meta: {}, owners: {} }, { type: 'keep' }],
    [
      'a present owner',
      { meta: { ownerReferences: [ref('a')] }, owners: { a: 'present' } },
      { type: 'keep' },
    ],
    [
      'an absent owner',
      { meta: { ownerReferences: [ref('a')] }, owners: { a: 'absent' } },
      { type: 'delete', policy: 'Background' },
    ],
    [
      'an absent owner, with its own orphan finalizer',
      { meta: { ownerReferences: [ref('a')], finalizers: ['orphan'] }, owners: { a: 'absent' } },
      { type: 'delete', policy: 'Orphan' },
    ],
    [
      'one present and one absent owner',
      { meta: { ownerReferences: [ref('a'), ref('b')] }, owners: { a: 'present', b: 'absent' } },
      { type: 'removeOwners', uids: ['b'] },
    ],
    [
      'one present and one foreground-deleting owner',
      {
        meta: { ownerReferences: [ref('a'), ref('b')] },
        owners: { a: 'waiting', b: 'present' },
        hasDependents: true,
      },
      { type: 'removeOwners', uids: ['a'] },
    ],
    [
      'a foreground-deleting owner, no dependents of its own',
      { meta: { ownerReferences: [ref('a')] }, owners: { a: 'waiting' } },
      { type: 'delete', policy: 'Background' },
    ],
    [
      'a foreground-deleting owner, with dependents of its own',
      { meta: { ownerReferences: [ref('a')] }, owners: { a: 'waiting' }, hasDependents: true },
      { type: 'delete', policy: 'Foreground' },
    ],
    [
      'an owner of an unserved kind',
      {
        meta: { ownerReferences: [{ ...ref('a'), apiVersion: 'example.com/v1', kind: 'Widget' }] },
        owners: {},
      },
      { type: 'wait', kinds: ['Widget (example.com/v1)'] },
    ],
    [
      'an absent owner, already being deleted',
      { meta: { ownerReferences: [ref('a')], ...deleting }, owners: { a: 'absent' } },
      { type: 'keep' },
    ],
  ])('%s', (_name, { meta, owners, hasDependents }, expected) => {
    const states = new Map(Object.entries(owners));
    expect(dependentAction(object('d', meta), states, hasDependents ?? false)).toEqual(expected);
  });
});

describe('deletingOwnerAction', () => {
  const owner = (finalizers: string[]): KubeObject => object('o', { finalizers, ...deleting });
  const dependent = (blocking: boolean): KubeObject =>
    object('d', { ownerReferences: [ref('uid-o', blocking)] });

  it('does nothing for an object not being deleted, or without a GC finalizer', () => {
    expect(deletingOwnerAction(object('o', { finalizers: ['orphan'] }), [])).toEqual({
      type: 'none',
    });
    expect(deletingOwnerAction(owner(['example.com/x']), [dependent(true)])).toEqual({
      type: 'none',
    });
  });

  it('orphans the dependents of an owner with the orphan finalizer', () => {
    const d = dependent(true);
    expect(deletingOwnerAction(owner(['orphan']), [d])).toEqual({
      type: 'orphan',
      dependents: [d],
    });
  });

  it('waits in the foreground only for dependents that block owner deletion', () => {
    expect(
      deletingOwnerAction(owner(['foregroundDeletion']), [dependent(true), dependent(false)]),
    ).toEqual({
      type: 'waitForDependents',
      blocking: 1,
    });
    expect(deletingOwnerAction(owner(['foregroundDeletion']), [dependent(false)])).toEqual({
      type: 'finishForeground',
    });
  });
});
