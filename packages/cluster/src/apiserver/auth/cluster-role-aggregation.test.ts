import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../json.ts';
import { bootstrapClusterRoles } from './bootstrap-policy.ts';
import { aggregatedRules, aggregationChanges } from './cluster-role-aggregation.ts';
import { policyRulesOf, type PolicyRule } from './policy-rule.ts';

function role(
  name: string,
  labels: Record<string, string>,
  rules: string[],
  selector?: KubeObject['aggregationRule'],
): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels },
    rules: rules.map((r) => ({ verbs: ['get'], apiGroups: [''], resources: [r] })),
  };
  if (selector !== undefined) obj['aggregationRule'] = selector;
  return obj;
}

function index(roles: KubeObject[]): Map<string, { object: KubeObject; rules: PolicyRule[] }> {
  return new Map(roles.map((r) => [nameOf(r), { object: r, rules: policyRulesOf(r) }]));
}

const nameOf = (r: KubeObject): string =>
  typeof r.metadata['name'] === 'string' ? r.metadata['name'] : '';

const resources = (rules: readonly PolicyRule[] | undefined): string[] =>
  (rules ?? []).flatMap((r) => r.resources);
const byLabel = (key: string): KubeObject['aggregationRule'] => ({
  clusterRoleSelectors: [{ matchLabels: { [key]: 'true' } }],
});

describe('aggregatedRules', () => {
  it('collects the rules of matching roles sorted by name, without duplicates or itself', () => {
    const target = role('target', { agg: 'true' }, ['ignored'], byLabel('agg'));
    const roles = [
      target,
      role('b', { agg: 'true' }, ['secrets', 'pods']),
      role('a', { agg: 'true' }, ['pods', 'configmaps']),
      role('c', { other: 'true' }, ['nodes']),
    ];
    expect(resources(aggregatedRules(target, index(roles)))).toEqual([
      'pods',
      'configmaps',
      'secrets',
    ]);
  });

  it('supports matchExpressions and several selectors in order', () => {
    const target = role('t', {}, [], {
      clusterRoleSelectors: [
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['x'] }] },
        { matchLabels: { first: 'true' } },
      ],
    });
    const roles = [target, role('a', { first: 'true' }, ['a']), role('z', { tier: 'x' }, ['z'])];
    expect(resources(aggregatedRules(target, index(roles)))).toEqual(['z', 'a']);
  });

  it('is undefined for a role without an aggregationRule', () => {
    expect(aggregatedRules(role('plain', {}, ['pods']), index([]))).toBeUndefined();
  });
});

describe('aggregationChanges', () => {
  it('settles the bootstrap chain view → edit → admin in one pass', () => {
    const changes = aggregationChanges(bootstrapClusterRoles);
    const view = resources(changes.get('view'));
    const edit = resources(changes.get('edit'));
    const admin = resources(changes.get('admin'));
    expect(view).toContain('pods/log');
    expect(view).not.toContain('pods/exec');
    expect(edit).toEqual(expect.arrayContaining(['pods/exec', 'pods/log', 'deployments']));
    expect(admin).toEqual(expect.arrayContaining(['rolebindings', 'pods/exec', 'pods/log']));
    expect([...changes.keys()].sort()).toEqual(['admin', 'edit', 'view']);
  });

  it('reports nothing once the stored rules are current, and a custom role joins view', () => {
    const settled = bootstrapClusterRoles.map((r) => {
      const rules = aggregationChanges(bootstrapClusterRoles).get(nameOf(r));
      return rules === undefined
        ? r
        : { ...r, rules: rules.map((x) => ({ ...x })) as unknown as KubeObject['rules'] };
    });
    expect(aggregationChanges(settled).size).toBe(0);
    const extra = role('widgets-view', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, [
      'widgets',
    ]);
    const changes = aggregationChanges([...settled, extra]);
    expect([...changes.keys()].sort()).toEqual(['admin', 'edit', 'view']);
    expect(resources(changes.get('view'))).toContain('widgets');
    expect(resources(changes.get('admin'))).toContain('widgets');
  });
});
