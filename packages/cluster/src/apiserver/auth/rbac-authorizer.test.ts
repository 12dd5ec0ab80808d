import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Json, KubeObject } from '../json.ts';
import { openStore, type Store } from '../storage/index.ts';
import { authorize, rulesFor } from './rbac-authorizer.ts';
import { RbacCache } from './rbac-cache.ts';
import type { RequestAttributes } from './request-attributes.ts';
import type { UserInfo } from './user-info.ts';

const g = 'rbac.authorization.k8s.io';

function put(
  store: Store,
  where: { kind: string; name: string; namespace?: string },
  body: Record<string, Json>,
): void {
  const { kind, name, namespace = '' } = where;
  const plural = `${kind.toLowerCase()}s`;
  const obj: KubeObject = {
    apiVersion: `${g}/v1`,
    kind,
    metadata: { name, ...(namespace === '' ? {} : { namespace }) },
    ...body,
  };
  store.create(`/${g}/${plural}/${namespace}/${name}`, obj);
}

const podReader = { rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }] };

function pods(verb: string, namespace: string, name = ''): RequestAttributes {
  return {
    type: 'resource',
    verb,
    group: '',
    version: 'v1',
    resource: 'pods',
    subresource: '',
    namespace,
    name,
  };
}

const alice: UserInfo = { name: 'alice', groups: ['dev', 'system:authenticated'] };
const sa: UserInfo = {
  name: 'system:serviceaccount:apps:builder',
  groups: ['system:serviceaccounts'],
};

describe('authorize', () => {
  let dir = '';
  let store: Store;
  let cache: RbacCache;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rbac-'));
    store = openStore({ path: join(dir, 'state.db') });
    put(store, { kind: 'ClusterRole', name: 'pod-reader' }, podReader);
    put(store, { kind: 'Role', name: 'local-reader', namespace: 'team' }, podReader);
    cache = new RbacCache(store);
  });
  afterEach(() => {
    cache.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('allows system:masters everything and denies others without a binding', () => {
    expect(
      authorize(cache, { name: 'root', groups: ['system:masters'] }, pods('delete', 'x')).allowed,
    ).toBe(true);
    expect(authorize(cache, alice, pods('list', 'default'))).toEqual({
      allowed: false,
      reason: '',
    });
  });

  it('sees bindings written after it was built, and their removal', () => {
    put(
      store,
      { kind: 'ClusterRoleBinding', name: 'read-pods' },
      {
        roleRef: { apiGroup: g, kind: 'ClusterRole', name: 'pod-reader' },
        subjects: [{ kind: 'User', name: 'alice', apiGroup: g }],
      },
    );
    expect(authorize(cache, alice, pods('list', 'default'))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "read-pods" of ClusterRole "pod-reader" to User "alice"',
    });
    expect(authorize(cache, alice, pods('delete', 'default')).allowed).toBe(false);
    store.delete(`/${g}/clusterrolebindings//read-pods`);
    expect(authorize(cache, alice, pods('list', 'default')).allowed).toBe(false);
  });

  it.each([
    ['a Group subject', { kind: 'Group', name: 'dev' }, alice, true],
    ['another group', { kind: 'Group', name: 'ops' }, alice, false],
    [
      'a ServiceAccount subject defaulting to the binding namespace',
      { kind: 'ServiceAccount', name: 'builder' },
      sa,
      false,
    ],
    [
      'a ServiceAccount subject with its namespace',
      { kind: 'ServiceAccount', name: 'builder', namespace: 'apps' },
      sa,
      true,
    ],
  ])('a RoleBinding to a ClusterRole with %s', (_name, subject, user, allowed) => {
    put(
      store,
      { kind: 'RoleBinding', name: 'rb', namespace: 'team' },
      { roleRef: { apiGroup: g, kind: 'ClusterRole', name: 'pod-reader' }, subjects: [subject] },
    );
    expect(authorize(cache, user, pods('get', 'team', 'web')).allowed).toBe(allowed);
    expect(authorize(cache, user, pods('get', 'other', 'web')).allowed).toBe(false);
    expect(authorize(cache, user, pods('list', '')).allowed).toBe(false);
  });

  it('grants a Role only in its namespace and names the binding in the reason', () => {
    put(
      store,
      { kind: 'RoleBinding', name: 'rb', namespace: 'team' },
      {
        roleRef: { apiGroup: g, kind: 'Role', name: 'local-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: 'apps' }],
      },
    );
    expect(authorize(cache, sa, pods('list', 'team'))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "rb/team" of Role "local-reader" to ServiceAccount "builder/apps"',
    });
  });

  it('ignores bindings whose role does not exist', () => {
    put(
      store,
      { kind: 'ClusterRoleBinding', name: 'dangling' },
      {
        roleRef: { apiGroup: g, kind: 'ClusterRole', name: 'missing' },
        subjects: [{ kind: 'User', name: 'alice' }],
      },
    );
    expect(authorize(cache, alice, pods('get', 'x', 'y')).allowed).toBe(false);
    expect(rulesFor(cache, alice, 'x')).toEqual([]);
  });

  it('lists the rules of cluster and namespace bindings for a namespace', () => {
    put(
      store,
      { kind: 'ClusterRoleBinding', name: 'c' },
      {
        roleRef: { kind: 'ClusterRole', name: 'pod-reader' },
        subjects: [{ kind: 'Group', name: 'dev' }],
      },
    );
    put(
      store,
      { kind: 'RoleBinding', name: 'r', namespace: 'team' },
      {
        roleRef: { kind: 'Role', name: 'local-reader' },
        subjects: [{ kind: 'User', name: 'alice' }],
      },
    );
    expect(rulesFor(cache, alice, 'team')).toHaveLength(2);
    expect(rulesFor(cache, alice, 'default')).toHaveLength(1);
  });
});
