import { describe, expect, it } from 'vitest';
import { isExemptFromWebhooks, ruleMatches, type RuleAttributes } from './match-rules.ts';
import type { WebhookRule } from './webhook-config.ts';

const podCreate: RuleAttributes = {
  operation: 'CREATE',
  group: '',
  version: 'v1',
  resource: 'pods',
  subresource: '',
  namespace: 'default',
};

function rule(overrides: Partial<WebhookRule> = {}): WebhookRule {
  return {
    operations: ['CREATE'],
    apiGroups: [''],
    apiVersions: ['v1'],
    resources: ['pods'],
    scope: '*',
    ...overrides,
  };
}

describe('ruleMatches', () => {
  it.each<[string, Partial<WebhookRule>, Partial<RuleAttributes>, boolean]>([
    ['the exact resource', {}, {}, true],
    ['another operation', {}, { operation: 'UPDATE' }, false],
    ['operation *', { operations: ['*'] }, { operation: 'DELETE' }, true],
    ['another group', {}, { group: 'apps' }, false],
    [
      'group and version wildcards',
      { apiGroups: ['*'], apiVersions: ['*'] },
      { group: 'apps', version: 'v2' },
      true,
    ],
    ['a subresource, by a rule without one', {}, { subresource: 'status' }, false],
    [
      'a subresource, by pods/status',
      { resources: ['pods/status'] },
      { subresource: 'status' },
      true,
    ],
    ['a subresource, by pods/*', { resources: ['pods/*'] }, { subresource: 'exec' }, true],
    ['the main resource, by pods/* (upstream matches it too)', { resources: ['pods/*'] }, {}, true],
    ['a subresource, by */*', { resources: ['*/*'] }, { subresource: 'status' }, true],
    ['any resource, by *', { resources: ['*'] }, { resource: 'services' }, true],
    ['a subresource, by *', { resources: ['*'] }, { subresource: 'scale' }, false],
    ['*/status for pods/status', { resources: ['*/status'] }, { subresource: 'status' }, true],
    ['Namespaced scope, namespaced object', { scope: 'Namespaced' }, {}, true],
    ['Namespaced scope, cluster object', { scope: 'Namespaced' }, { namespace: '' }, false],
    ['Cluster scope, namespaced object', { scope: 'Cluster' }, {}, false],
    [
      'Cluster scope, cluster object',
      { scope: 'Cluster', resources: ['nodes'] },
      { resource: 'nodes', namespace: '' },
      true,
    ],
    [
      'Cluster scope, a namespace (carrying its own name as namespace)',
      { scope: 'Cluster', resources: ['namespaces'] },
      { resource: 'namespaces', namespace: 'team-a' },
      true,
    ],
    [
      'Namespaced scope, a namespace',
      { scope: 'Namespaced', resources: ['namespaces'] },
      { resource: 'namespaces', namespace: 'team-a' },
      false,
    ],
  ])('%s', (_name, ruleOverrides, attrOverrides, expected) => {
    expect(ruleMatches(rule(ruleOverrides), { ...podCreate, ...attrOverrides })).toBe(expected);
  });
});

describe('isExemptFromWebhooks', () => {
  it.each([
    ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', true],
    ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', true],
    ['admissionregistration.k8s.io', 'validatingadmissionpolicies', true],
    ['', 'pods', false],
    ['apps', 'mutatingwebhookconfigurations', false],
  ])('%s %s → %s', (group, resource, expected) => {
    expect(isExemptFromWebhooks(group, resource)).toBe(expected);
  });
});
