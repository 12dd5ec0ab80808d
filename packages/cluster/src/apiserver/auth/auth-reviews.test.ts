import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../json.ts';
import { answerAuthReview, type ReviewServices } from './auth-reviews.ts';
import type { RequestAttributes } from './request-attributes.ts';
import type { UserInfo } from './user-info.ts';

const asked: { user?: UserInfo; attrs?: RequestAttributes } = {};
const services: ReviewServices = {
  authorize: (user, attrs) => {
    asked.user = user;
    asked.attrs = attrs;
    return {
      allowed: attrs.verb === 'get',
      reason: attrs.verb === 'get' ? 'RBAC: allowed by x' : '',
    };
  },
  rulesFor: () => [
    {
      verbs: ['get'],
      apiGroups: [''],
      resources: ['pods'],
      resourceNames: ['a'],
      nonResourceURLs: [],
    },
    { verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['/api'] },
  ],
  authenticateToken: (token, audiences) =>
    token === 'good'
      ? {
          authenticated: true,
          user: { name: 'alice', groups: ['system:authenticated'] },
          audiences: audiences.length > 0 ? audiences : ['api'],
        }
      : { authenticated: false, error: 'invalid bearer token' },
};
const alice: UserInfo = { name: 'alice', uid: 'u1', groups: ['dev'], extra: { scope: ['x'] } };

function review(kind: string, spec: JsonObject): KubeObject {
  const group =
    kind.endsWith('AccessReview') || kind.endsWith('RulesReview')
      ? 'authorization.k8s.io'
      : 'authentication.k8s.io';
  return { apiVersion: `${group}/v1`, kind, metadata: {}, spec };
}

function answer(kind: string, spec: JsonObject, namespace = ''): JsonObject {
  const out = answerAuthReview(services, {
    kind,
    review: review(kind, spec),
    user: alice,
    namespace,
  });
  return out['status'] as JsonObject;
}

describe('answerAuthReview', () => {
  it('answers a SelfSubjectAccessReview for the requester', () => {
    const status = answer('SelfSubjectAccessReview', {
      resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'ns', name: 'p' },
    });
    expect(status).toEqual({ allowed: true, reason: 'RBAC: allowed by x' });
    expect(asked.user).toBe(alice);
    expect(asked.attrs).toMatchObject({
      type: 'resource',
      verb: 'get',
      resource: 'pods',
      namespace: 'ns',
      name: 'p',
    });
    expect(
      answer('SelfSubjectAccessReview', { nonResourceAttributes: { verb: 'post', path: '/x' } }),
    ).toEqual({ allowed: false });
  });

  it('answers a SubjectAccessReview for the named subject', () => {
    answer('SubjectAccessReview', {
      user: 'bob',
      groups: ['ops'],
      resourceAttributes: { verb: 'list', resource: 'pods' },
    });
    expect(asked.user).toMatchObject({ name: 'bob', groups: ['ops'] });
  });

  it('takes a LocalSubjectAccessReview namespace from the path', () => {
    answer(
      'LocalSubjectAccessReview',
      { user: 'bob', resourceAttributes: { verb: 'get', resource: 'pods' } },
      'team',
    );
    expect(asked.attrs).toMatchObject({ namespace: 'team' });
  });

  it.each([
    [
      'SubjectAccessReview',
      { resourceAttributes: { verb: 'get' } },
      '',
      'spec.user: Invalid value: "": at least one of user or group must be specified',
    ],
    [
      'SelfSubjectAccessReview',
      {},
      '',
      'spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    ],
    [
      'SelfSubjectAccessReview',
      { resourceAttributes: {}, nonResourceAttributes: {} },
      '',
      'cannot be specified in combination with resourceAttributes',
    ],
    [
      'LocalSubjectAccessReview',
      { user: 'b', resourceAttributes: { namespace: 'other' } },
      'team',
      'spec.resourceAttributes.namespace must match namespace: team',
    ],
    ['SelfSubjectRulesReview', {}, '', 'no namespace on request'],
    ['TokenReview', {}, '', 'token is required for TokenReview in authentication'],
  ])('refuses a %s with %j', (kind, spec, namespace, message) => {
    expect(() => answer(kind, spec as JsonObject, namespace)).toThrow(message);
  });

  it('lists resource and non-resource rules for a SelfSubjectRulesReview', () => {
    expect(answer('SelfSubjectRulesReview', { namespace: 'ns' })).toEqual({
      resourceRules: [
        { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] },
      ],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api'] }],
      incomplete: false,
    });
  });

  it('answers a TokenReview with the user and audiences, or the error', () => {
    expect(answer('TokenReview', { token: 'good', audiences: ['vault'] })).toEqual({
      authenticated: true,
      user: { username: 'alice', groups: ['system:authenticated'] },
      audiences: ['vault'],
    });
    expect(answer('TokenReview', { token: 'bad' })).toEqual({
      authenticated: false,
      user: {},
      error: 'invalid bearer token',
    });
  });

  it('tells the requester who they are in a SelfSubjectReview', () => {
    expect(answer('SelfSubjectReview', {})).toEqual({
      userInfo: { username: 'alice', uid: 'u1', groups: ['dev'], extra: { scope: ['x'] } },
    });
  });
});
