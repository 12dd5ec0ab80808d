/**
 * Descriptors of rbac.authorization.k8s.io/v1 (field numbers from k8s.io/api/rbac/v1's
 * generated.proto): what `kubectl create role|clusterrole|rolebinding|clusterrolebinding` send.
 */
import { list, listOrNull, message, opt, ptr, req } from './message-schema.ts';
import { labelSelector, objectMeta } from './meta-v1-messages.ts';

const policyRule = message('PolicyRule', {
  verbs: listOrNull(1, 'string'),
  apiGroups: list(2, 'string'),
  resources: list(3, 'string'),
  resourceNames: list(4, 'string'),
  nonResourceURLs: list(5, 'string'),
});

const subject = message('Subject', {
  kind: req(1, 'string'),
  apiGroup: opt(2, 'string'),
  name: req(3, 'string'),
  namespace: opt(4, 'string'),
});

const roleRef = message('RoleRef', {
  apiGroup: req(1, 'string'),
  kind: req(2, 'string'),
  name: req(3, 'string'),
});

export const role = message('Role', {
  metadata: opt(1, objectMeta),
  rules: listOrNull(2, policyRule),
});

export const clusterRole = message('ClusterRole', {
  metadata: opt(1, objectMeta),
  rules: listOrNull(2, policyRule),
  aggregationRule: ptr(
    3,
    message('AggregationRule', { clusterRoleSelectors: list(1, labelSelector) }),
  ),
});

/** RoleBinding and ClusterRoleBinding have the same fields. */
export const roleBinding = message('RoleBinding', {
  metadata: opt(1, objectMeta),
  subjects: list(2, subject),
  roleRef: req(3, roleRef),
});
