import { describe, expect, it } from 'vitest';
import { StatusError } from '../status-error.ts';
import { impersonate, impersonationChecks, impersonationRequest } from './impersonation.ts';
import type { ResourceAttributes } from './request-attributes.ts';

const admin = { name: 'admin', groups: ['system:authenticated'] };

describe('impersonationRequest', () => {
  it('reads every impersonation header, decoding and lower-casing extra keys', () => {
    expect(
      impersonationRequest({
        'impersonate-user': ['bob'],
        'impersonate-group': ['dev', 'ops'],
        'impersonate-uid': ['u-1'],
        'impersonate-extra-scopes%2Fwrite': ['a', 'b'],
        accept: ['*/*'],
      }),
    ).toEqual({
      user: 'bob',
      groups: ['dev', 'ops'],
      uid: 'u-1',
      extra: { 'scopes/write': ['a', 'b'] },
    });
    expect(impersonationRequest({ accept: ['*/*'] })).toBeUndefined();
  });
});

describe('impersonationChecks', () => {
  it('checks users, service accounts, groups, extras and uids as upstream does', () => {
    const checks = impersonationChecks({
      user: 'system:serviceaccount:apps:builder',
      groups: ['dev'],
      uid: 'u',
      extra: { k: ['v'] },
    });
    expect(checks.map((c) => [c.group, c.resource, c.subresource, c.namespace, c.name])).toEqual([
      ['', 'serviceaccounts', '', 'apps', 'builder'],
      ['', 'groups', '', '', 'dev'],
      ['authentication.k8s.io', 'userextras', 'k', '', 'v'],
      ['authentication.k8s.io', 'uids', '', '', 'u'],
    ]);
    expect(checks.every((c) => c.verb === 'impersonate')).toBe(true);
    expect(
      impersonationChecks({ user: 'bob', groups: [], uid: undefined, extra: {} })[0],
    ).toMatchObject({ resource: 'users', name: 'bob' });
  });
});

describe('impersonate', () => {
  const allowAll = (): { allowed: boolean; reason: string } => ({ allowed: true, reason: '' });

  it('returns the requester when no header asks for impersonation', () => {
    expect(impersonate(admin, {}, allowAll)).toBe(admin);
  });

  it.each([
    [{ 'impersonate-user': ['bob'] }, { name: 'bob', groups: ['system:authenticated'] }],
    [
      { 'impersonate-user': ['bob'], 'impersonate-group': ['dev'] },
      { name: 'bob', groups: ['dev', 'system:authenticated'] },
    ],
    [
      { 'impersonate-user': ['system:serviceaccount:apps:builder'] },
      {
        name: 'system:serviceaccount:apps:builder',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:apps', 'system:authenticated'],
      },
    ],
    [
      { 'impersonate-user': ['system:anonymous'] },
      { name: 'system:anonymous', groups: ['system:unauthenticated'] },
    ],
  ])('runs as the impersonated user (%#)', (headers, user) => {
    expect(impersonate(admin, headers, allowAll)).toEqual(user);
  });

  it('answers 403 naming the first identity the requester may not impersonate', () => {
    const onlyUsers = (
      _u: unknown,
      attrs: ResourceAttributes,
    ): { allowed: boolean; reason: string } => ({
      allowed: attrs.resource === 'users',
      reason: '',
    });
    const call = (): unknown =>
      impersonate(
        admin,
        { 'impersonate-user': ['bob'], 'impersonate-group': ['system:masters'] },
        onlyUsers,
      );
    expect(call).toThrow(
      'groups "system:masters" is forbidden: User "admin" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
  });

  it('answers 400 for groups without a user', () => {
    const call = (): unknown => impersonate(admin, { 'impersonate-group': ['dev'] }, allowAll);
    expect(call).toThrow(StatusError);
    expect(call).toThrow(/without impersonating a user/);
  });
});
