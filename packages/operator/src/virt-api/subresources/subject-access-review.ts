import type { KubeConfig } from '@kubernetes/client-node';
import { requestJson } from '@podvisor/kube';
import type { RemoteUser } from '../request-header-auth.ts';
import { forbiddenError, type SubresourceError } from './subresource-error.ts';

/** The resource attributes of a SubjectAccessReview (`authorization.k8s.io/v1`). */
export interface AccessAttributes {
  readonly namespace: string;
  readonly verb: string;
  readonly group: string;
  readonly version: string;
  /** `virtualmachines` or `virtualmachineinstances`. */
  readonly resource: string;
  /** `start`, `console`, `vnc/screenshot`… */
  readonly subresource: string;
  readonly name: string;
}

/** What the API server answered. */
export interface AccessDecision {
  readonly allowed: boolean;
  /** The authorizer's explanation, possibly empty. */
  readonly reason: string;
}

/** Asks whether `user` may act with `attributes`. */
export type AccessReviewer = (
  user: RemoteUser,
  attributes: AccessAttributes,
) => Promise<AccessDecision>;

/** The RBAC verb of an HTTP method on a named object, as KubeVirt's authorizer maps it. */
export function rbacVerb(method: string): string | undefined {
  const verbs: Readonly<Record<string, string>> = {
    GET: 'get',
    HEAD: 'get',
    PUT: 'update',
    POST: 'create',
    PATCH: 'patch',
    DELETE: 'delete',
  };
  return verbs[method.toUpperCase()];
}

/** The SubjectAccessReview body for `user` and `attributes`. */
export function subjectAccessReview(
  user: RemoteUser,
  attributes: AccessAttributes,
): Record<string, unknown> {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      user: user.username,
      groups: [...user.groups],
      extra: Object.fromEntries(Object.entries(user.extra).map(([k, v]) => [k, [...v]])),
      resourceAttributes: { ...attributes },
    },
  };
}

/** An {@link AccessReviewer} that creates SubjectAccessReviews with `kubeConfig`'s identity. */
export function subjectAccessReviewer(kubeConfig: KubeConfig): AccessReviewer {
  return async (user, attributes) => {
    const answer = (await requestJson(kubeConfig, {
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: subjectAccessReview(user, attributes),
    })) as { status?: { allowed?: unknown; reason?: unknown } } | undefined;
    const status = answer?.status ?? {};
    return {
      allowed: status.allowed === true,
      reason: typeof status.reason === 'string' ? status.reason : '',
    };
  };
}

/**
 * The 403 of a denied review, in kube-apiserver's words: `virtualmachines.subresources.kubevirt.io
 * "vm" is forbidden: User "alice" cannot update resource "virtualmachines/start" in API group
 * "subresources.kubevirt.io" in the namespace "default"`, then the authorizer's reason if any.
 */
export function accessDenied(
  user: RemoteUser,
  attributes: AccessAttributes,
  reason: string,
): SubresourceError {
  const resource = `${attributes.resource}/${attributes.subresource}`;
  const cause =
    `User ${JSON.stringify(user.username)} cannot ${attributes.verb} resource ${JSON.stringify(resource)}` +
    ` in API group ${JSON.stringify(attributes.group)} in the namespace ${JSON.stringify(attributes.namespace)}` +
    (reason === '' ? '' : `: ${reason}`);
  return forbiddenError({
    resource: attributes.resource,
    group: attributes.group,
    name: attributes.name,
    cause,
  });
}
