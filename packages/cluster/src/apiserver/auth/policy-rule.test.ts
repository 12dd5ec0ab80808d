import { describe, expect, it } from 'vitest';
import { ruleAllows, type PolicyRule } from './policy-rule.ts';
import type { RequestAttributes } from './request-attributes.ts';

function rule(partial: Partial<PolicyRule>): PolicyRule {
  return {
    verbs: [],
    apiGroups: [],
    resources: [],
    resourceNames: [],
    nonResourceURLs: [],
    ...partial,
  };
}

function res(
  verb: string,
  resource: string,
  more: Partial<RequestAttributes> = {},
): RequestAttributes {
  return {
    type: 'resource',
    verb,
    group: '',
    version: 'v1',
    resource,
    subresource: '',
    namespace: 'default',
    name: '',
    ...more,
  } as RequestAttributes;
}

function path(verb: string, p: string): RequestAttributes {
  return { type: 'nonResource', verb, path: p };
}

const podsReader = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });

describe('ruleAllows', () => {
  it.each([
    ['an exact verb', podsReader, res('get', 'pods'), true],
    ['another listed verb', podsReader, res('list', 'pods'), true],
    ['an unlisted verb', podsReader, res('delete', 'pods'), false],
    [
      'the * verb',
      rule({ verbs: ['*'], apiGroups: [''], resources: ['pods'] }),
      res('deletecollection', 'pods'),
      true,
    ],
    ['another group', podsReader, res('get', 'pods', { group: 'apps' }), false],
    [
      'the * group',
      rule({ verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] }),
      res('get', 'deployments', { group: 'apps' }),
      true,
    ],
    [
      'a named group',
      rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }),
      res('get', 'deployments', { group: 'apps' }),
      true,
    ],
    ['another resource', podsReader, res('get', 'secrets'), false],
    [
      'the * resource',
      rule({ verbs: ['get'], apiGroups: [''], resources: ['*'] }),
      res('get', 'secrets'),
      true,
    ],
    [
      '* covering subresources',
      rule({ verbs: ['get'], apiGroups: [''], resources: ['*'] }),
      res('get', 'pods', { subresource: 'log' }),
      true,
    ],
    [
      'a resource not covering its subresources',
      podsReader,
      res('get', 'pods', { subresource: 'log' }),
      false,
    ],
    [
      'a listed subresource',
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }),
      res('get', 'pods', { subresource: 'log' }),
      true,
    ],
    [
      'a subresource not covering the resource',
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }),
      res('get', 'pods'),
      false,
    ],
    [
      '*/subresource',
      rule({ verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] }),
      res('update', 'deployments', { group: 'apps', subresource: 'status' }),
      true,
    ],
    [
      '*/subresource for another subresource',
      rule({ verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] }),
      res('update', 'deployments', { group: 'apps', subresource: 'scale' }),
      false,
    ],
    [
      'pods/* (not a pattern upstream)',
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/*'] }),
      res('get', 'pods', { subresource: 'log' }),
      false,
    ],
    [
      'a listed resourceName',
      rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }),
      res('get', 'configmaps', { name: 'a' }),
      true,
    ],
    [
      'an unlisted resourceName',
      rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }),
      res('get', 'configmaps', { name: 'b' }),
      false,
    ],
    [
      'resourceNames against a list (no name)',
      rule({ verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }),
      res('list', 'configmaps'),
      false,
    ],
    ['a resource rule against a path', podsReader, path('get', '/api'), false],
    [
      'an exact URL',
      rule({ verbs: ['get'], nonResourceURLs: ['/version'] }),
      path('get', '/version'),
      true,
    ],
    [
      'another URL',
      rule({ verbs: ['get'], nonResourceURLs: ['/version'] }),
      path('get', '/versions'),
      false,
    ],
    [
      'a * suffix URL',
      rule({ verbs: ['get'], nonResourceURLs: ['/apis/*'] }),
      path('get', '/apis/apps/v1'),
      true,
    ],
    [
      'a * suffix URL against its bare prefix',
      rule({ verbs: ['get'], nonResourceURLs: ['/apis/*'] }),
      path('get', '/apis'),
      false,
    ],
    ['the * URL', rule({ verbs: ['*'], nonResourceURLs: ['*'] }), path('post', '/anything'), true],
    [
      'a URL rule with another verb',
      rule({ verbs: ['get'], nonResourceURLs: ['*'] }),
      path('post', '/x'),
      false,
    ],
    [
      'a URL rule against a resource',
      rule({ verbs: ['*'], nonResourceURLs: ['*'] }),
      res('get', 'pods'),
      false,
    ],
  ])('%s → %s', (_name, r, attrs, allowed) => {
    expect(ruleAllows(r, attrs)).toBe(allowed);
  });
});
