import { isJsonObject, type Json } from '../json.ts';
import type {
  NonResourceAttributes,
  RequestAttributes,
  ResourceAttributes,
} from './request-attributes.ts';

/** An RBAC `PolicyRule`. */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

function strings(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Reads one stored rule leniently (missing lists are empty). */
export function policyRuleOf(value: Json): PolicyRule {
  const rule = isJsonObject(value) ? value : {};
  return {
    verbs: strings(rule['verbs']),
    apiGroups: strings(rule['apiGroups']),
    resources: strings(rule['resources']),
    resourceNames: strings(rule['resourceNames']),
    nonResourceURLs: strings(rule['nonResourceURLs']),
  };
}

/** The `rules` of a Role or ClusterRole. */
export function policyRulesOf(role: { readonly [key: string]: Json }): PolicyRule[] {
  const rules = role['rules'];
  return Array.isArray(rules) ? rules.map(policyRuleOf) : [];
}

/** A rule as stored: lists that are empty are left out, as the API server serializes them. */
export function policyRuleToJson(rule: PolicyRule): { [key: string]: Json } {
  const out: { [key: string]: Json } = { verbs: [...rule.verbs] };
  if (rule.apiGroups.length > 0) out['apiGroups'] = [...rule.apiGroups];
  if (rule.resources.length > 0) out['resources'] = [...rule.resources];
  if (rule.resourceNames.length > 0) out['resourceNames'] = [...rule.resourceNames];
  if (rule.nonResourceURLs.length > 0) out['nonResourceURLs'] = [...rule.nonResourceURLs];
  return out;
}

/** `*` or the verb itself. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

/** `*` or the group itself (`""` is the core group). */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === '*' || g === group);
}

/**
 * `*` (every resource and subresource), the exact `resource` or `resource/subresource`, or
 * `*\/subresource`. As upstream, `pods/*` is not a pattern.
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  return rule.resources.some(
    (r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`),
  );
}

/** No names means every name; otherwise the request's name must be listed (so never for create/list). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

/** `*`, the exact path, or a prefix pattern ending in `*` (`/apis/*`). */
export function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some(
    (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  );
}

function resourceRuleAllows(rule: PolicyRule, attrs: ResourceAttributes): boolean {
  return (
    verbMatches(rule, attrs.verb) &&
    apiGroupMatches(rule, attrs.group) &&
    resourceMatches(rule, attrs.resource, attrs.subresource) &&
    resourceNameMatches(rule, attrs.name)
  );
}

function nonResourceRuleAllows(rule: PolicyRule, attrs: NonResourceAttributes): boolean {
  return verbMatches(rule, attrs.verb) && nonResourceUrlMatches(rule, attrs.path);
}

/** Whether one RBAC rule allows the request (upstream's `RuleAllows`). */
export function ruleAllows(rule: PolicyRule, attrs: RequestAttributes): boolean {
  return attrs.type === 'resource'
    ? resourceRuleAllows(rule, attrs)
    : nonResourceRuleAllows(rule, attrs);
}
