import { describe, expect, it } from 'vitest';
import { forbiddenError } from './forbidden-error.ts';
import type { RequestAttributes } from './request-attributes.ts';

const alice = { name: 'alice', groups: [] };

function res(more: Partial<RequestAttributes>): RequestAttributes {
  return {
    type: 'resource',
    verb: 'list',
    group: '',
    version: 'v1',
    resource: 'pods',
    subresource: '',
    namespace: 'default',
    name: '',
    ...more,
  } as RequestAttributes;
}

describe('forbiddenError', () => {
  it.each([
    [
      res({}),
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
      { kind: 'pods' },
    ],
    [
      res({ verb: 'get', name: 'web' }),
      'pods "web" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default"',
      { kind: 'pods', name: 'web' },
    ],
    [
      res({ verb: 'create', name: 'web', subresource: 'exec' }),
      'pods "web" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "default"',
      { kind: 'pods', name: 'web' },
    ],
    [
      res({ group: 'apps', resource: 'deployments', namespace: '' }),
      'deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope',
      { kind: 'deployments', group: 'apps' },
    ],
    [
      { type: 'nonResource', verb: 'get', path: '/logs/<x>' } as const,
      'forbidden: User "alice" cannot get path "/logs/&lt;x&gt;"',
      undefined,
    ],
  ])('words a denial as upstream (%#)', (attrs, message, details) => {
    const status = forbiddenError(alice, attrs).toStatus();
    expect(status).toMatchObject({ code: 403, reason: 'Forbidden', message });
    expect(status['details']).toEqual(details);
  });
});
