import type { WebhookRule } from './webhook-config.ts';

/** What a rule is matched against: the request's operation, resource and scope. */
export interface RuleAttributes {
  readonly operation: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
}

function exactOrWildcard(items: readonly string[], requested: string): boolean {
  return items.some((item) => item === '*' || item === requested);
}

function isNamespaceResource(attrs: RuleAttributes): boolean {
  return attrs.group === '' && attrs.version === 'v1' && attrs.resource === 'namespaces';
}

/** `Namespaced` matches namespaced objects; `Cluster` matches cluster-scoped ones and namespaces themselves. */
function scopeMatches(scope: string, attrs: RuleAttributes): boolean {
  switch (scope) {
    case '*':
      return true;
    case 'Namespaced':
      return !isNamespaceResource(attrs) && attrs.namespace !== '';
    case 'Cluster':
      return isNamespaceResource(attrs) || attrs.namespace === '';
    default:
      return false;
  }
}

function resourceMatches(resources: readonly string[], attrs: RuleAttributes): boolean {
  return resources.some((entry) => {
    const slash = entry.indexOf('/');
    const resource = slash === -1 ? entry : entry.slice(0, slash);
    const subresource = slash === -1 ? '' : entry.slice(slash + 1);
    return (
      (resource === '*' || resource === attrs.resource) &&
      (subresource === '*' || subresource === attrs.subresource)
    );
  });
}

/**
 * Whether one rule matches a request, as upstream's rules.Matcher: scope, operation (`*` for all),
 * API group and version (`*` wildcards), and resource (`pods`, `pods/status`, `*`, `*\/*`, `pods/*`).
 * A rule without a subresource part does not match subresource requests.
 */
export function ruleMatches(rule: WebhookRule, attrs: RuleAttributes): boolean {
  return (
    scopeMatches(rule.scope, attrs) &&
    exactOrWildcard(rule.operations, attrs.operation) &&
    exactOrWildcard(rule.apiGroups, attrs.group) &&
    exactOrWildcard(rule.apiVersions, attrs.version) &&
    resourceMatches(rule.resources, attrs)
  );
}

const exemptResources = new Set([
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
]);

/** Webhooks are never called for admission configuration objects themselves (so a bad webhook can be removed). */
export function isExemptFromWebhooks(group: string, resource: string): boolean {
  return group === 'admissionregistration.k8s.io' && exemptResources.has(resource);
}
