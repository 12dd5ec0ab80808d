import { ruleAllows, type PolicyRule } from './policy-rule.ts';
import type { Binding, RbacCache, Subject } from './rbac-cache.ts';
import type { RequestAttributes } from './request-attributes.ts';
import { parseServiceAccountUsername, systemMasters, type UserInfo } from './user-info.ts';

/** An authorization decision; `reason` says which binding allowed it (empty when denied). */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: string;
}

/** Whether a binding subject names the user (ServiceAccount subjects default to the binding's namespace). */
export function subjectMatches(
  subject: Subject,
  user: UserInfo,
  bindingNamespace: string,
): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace === '' ? bindingNamespace : subject.namespace;
      const sa = parseServiceAccountUsername(user.name);
      return namespace !== '' && sa?.namespace === namespace && sa.name === subject.name;
    }
    default:
      return false;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind !== 'ServiceAccount') return `${subject.kind} ${JSON.stringify(subject.name)}`;
  const namespace = subject.namespace === '' ? bindingNamespace : subject.namespace;
  return `${subject.kind} ${JSON.stringify(`${subject.name}/${namespace}`)}`;
}

function describeBinding(binding: Binding, subject: Subject): string {
  const name =
    binding.kind === 'RoleBinding' ? `${binding.name}/${binding.namespace}` : binding.name;
  return `${binding.kind} ${JSON.stringify(name)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${describeSubject(subject, binding.namespace)}`;
}

/** A binding that applies to the user, the subject that made it apply, and its rules. */
interface Grant {
  readonly binding: Binding;
  readonly subject: Subject;
  readonly rules: readonly PolicyRule[];
}

function* grantsOf(
  bindings: Iterable<Binding>,
  cache: RbacCache,
  user: UserInfo,
): Generator<Grant> {
  for (const binding of bindings) {
    const subject = binding.subjects.find((s) => subjectMatches(s, user, binding.namespace));
    if (subject === undefined) continue;
    const rules = cache.rulesOf(binding);
    if (rules !== undefined) yield { binding, subject, rules };
  }
}

/** The grants that apply to a user: cluster-wide ones, then those of the namespace. */
export function* grantsFor(cache: RbacCache, user: UserInfo, namespace: string): Generator<Grant> {
  yield* grantsOf(cache.clusterRoleBindings(), cache, user);
  if (namespace !== '') yield* grantsOf(cache.roleBindings(namespace), cache, user);
}

/**
 * Kubernetes' authorization chain as configured here: members of `system:masters` may do
 * everything; everyone else needs an RBAC rule (ClusterRoleBindings, then RoleBindings of the
 * request's namespace) that allows the request.
 */
export function authorize(cache: RbacCache, user: UserInfo, attrs: RequestAttributes): Decision {
  if (user.groups.includes(systemMasters)) return { allowed: true, reason: '' };
  const namespace = attrs.type === 'resource' ? attrs.namespace : '';
  for (const grant of grantsFor(cache, user, namespace)) {
    if (grant.rules.some((rule) => ruleAllows(rule, attrs))) {
      return {
        allowed: true,
        reason: `RBAC: allowed by ${describeBinding(grant.binding, grant.subject)}`,
      };
    }
  }
  return { allowed: false, reason: '' };
}

/** Every rule that applies to a user in a namespace (for SelfSubjectRulesReview). */
export function rulesFor(cache: RbacCache, user: UserInfo, namespace: string): PolicyRule[] {
  const rules: PolicyRule[] = [];
  if (user.groups.includes(systemMasters)) {
    rules.push(
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] },
      { verbs: ['*'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['*'] },
    );
  }
  for (const grant of grantsFor(cache, user, namespace)) rules.push(...grant.rules);
  return rules;
}
