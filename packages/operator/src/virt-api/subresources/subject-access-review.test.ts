import { describe, expect, it } from 'vitest';
import { accessDenied, rbacVerb, subjectAccessReview } from './subject-access-review.ts';

const alice = {
  username: 'alice',
  groups: ['devs', 'system:authenticated'],
  extra: { scopes: ['a'] },
};
const start = {
  namespace: 'default',
  verb: 'update',
  group: 'subresources.kubevirt.io',
  version: 'v1',
  resource: 'virtualmachines',
  subresource: 'start',
  name: 'vm1',
};

describe('subresource authorization', () => {
  it.each([
    ['GET', 'get'],
    ['put', 'update'],
    ['POST', 'create'],
    ['DELETE', 'delete'],
    ['TRACE', undefined],
  ])('maps %s to the RBAC verb %s', (method, verb) => {
    expect(rbacVerb(method)).toBe(verb);
  });

  it('asks about the user, groups and extras the aggregator named', () => {
    expect(subjectAccessReview(alice, start)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: 'alice',
        groups: ['devs', 'system:authenticated'],
        extra: { scopes: ['a'] },
        resourceAttributes: start,
      },
    });
  });

  it.each([
    ['', ''],
    ['no RBAC policy matched', ': no RBAC policy matched'],
  ])(
    'answers a denial with a 403 naming the user and the permission (reason %j)',
    (reason, suffix) => {
      const error = accessDenied(alice, start, reason);
      expect(error.status).toMatchObject({
        code: 403,
        reason: 'Forbidden',
        message: `virtualmachines.subresources.kubevirt.io "vm1" is forbidden: User "alice" cannot update resource "virtualmachines/start" in API group "subresources.kubevirt.io" in the namespace "default"${suffix}`,
        details: { name: 'vm1', group: 'subresources.kubevirt.io', kind: 'virtualmachines' },
      });
    },
  );
});
