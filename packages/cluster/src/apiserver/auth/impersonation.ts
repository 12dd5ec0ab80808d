import { statusErrors } from '../status-error.ts';
import { forbiddenError } from './forbidden-error.ts';
import type { Decision } from './rbac-authorizer.ts';
import type { ResourceAttributes } from './request-attributes.ts';
import {
  allAuthenticated,
  allUnauthenticated,
  anonymousUser,
  parseServiceAccountUsername,
  serviceAccountGroups,
  type UserInfo,
} from './user-info.ts';

/** Request headers with every occurrence kept (Node's `req.headersDistinct`). */
export type DistinctHeaders = Readonly<Record<string, readonly string[] | undefined>>;

/** What the impersonation headers ask for. */
export interface ImpersonationRequest {
  readonly user: string | undefined;
  readonly groups: readonly string[];
  readonly uid: string | undefined;
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

const extraPrefix = 'impersonate-extra-';

function decodeExtraKey(key: string): string {
  try {
    return decodeURIComponent(key).toLowerCase();
  } catch {
    return key.toLowerCase();
  }
}

/** Reads `Impersonate-User`, `-Group` (repeatable), `-Uid` and `-Extra-<key>`; undefined when none is present. */
export function impersonationRequest(headers: DistinctHeaders): ImpersonationRequest | undefined {
  const extra: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers)) {
    if (!name.toLowerCase().startsWith(extraPrefix) || values === undefined) continue;
    const key = decodeExtraKey(name.slice(extraPrefix.length));
    extra[key] = [...(extra[key] ?? []), ...values];
  }
  const user = headers['impersonate-user']?.[0];
  const groups = headers['impersonate-group'] ?? [];
  const uid = headers['impersonate-uid']?.[0];
  if (
    user === undefined &&
    groups.length === 0 &&
    uid === undefined &&
    Object.keys(extra).length === 0
  ) {
    return undefined;
  }
  return { user, groups, uid, extra };
}

function attributes(
  resource: string,
  name: string,
  more: Partial<Pick<ResourceAttributes, 'group' | 'namespace' | 'subresource'>> = {},
): ResourceAttributes {
  return {
    type: 'resource',
    verb: 'impersonate',
    group: more.group ?? '',
    version: '',
    resource,
    subresource: more.subresource ?? '',
    namespace: more.namespace ?? '',
    name,
  };
}

/** The `impersonate` checks a request needs, in upstream's order: user, groups, extras, uid. */
export function impersonationChecks(
  request: ImpersonationRequest & { user: string },
): ResourceAttributes[] {
  const sa = parseServiceAccountUsername(request.user);
  const checks: ResourceAttributes[] = [
    sa === undefined
      ? attributes('users', request.user)
      : attributes('serviceaccounts', sa.name, { namespace: sa.namespace }),
  ];
  for (const group of request.groups) checks.push(attributes('groups', group));
  for (const [key, values] of Object.entries(request.extra)) {
    for (const value of values) {
      checks.push(
        attributes('userextras', value, { group: 'authentication.k8s.io', subresource: key }),
      );
    }
  }
  if (request.uid !== undefined) {
    checks.push(attributes('uids', request.uid, { group: 'authentication.k8s.io' }));
  }
  return checks;
}

function impersonatedUser(request: ImpersonationRequest & { user: string }): UserInfo {
  const sa = parseServiceAccountUsername(request.user);
  let groups = [...request.groups];
  if (sa !== undefined && groups.length === 0) groups = serviceAccountGroups(sa.namespace);
  const implicit = request.user === anonymousUser.name ? allUnauthenticated : allAuthenticated;
  if (!groups.includes(implicit)) groups.push(implicit);
  return {
    name: request.user,
    groups,
    ...(request.uid === undefined ? {} : { uid: request.uid }),
    ...(Object.keys(request.extra).length === 0 ? {} : { extra: request.extra }),
  };
}

/**
 * Applies impersonation headers (kubectl `--as`, `--as-group`, `--as-uid`): each requested
 * identity needs the `impersonate` verb on `users`/`serviceaccounts`/`groups`/`userextras/<key>`/
 * `uids`; the request then runs as the impersonated user (with `system:authenticated` added, and
 * a service account's groups when none are given). 400 when groups, extras or a uid are requested
 * without a user; 403 naming the first identity that is not allowed.
 */
export function impersonate(
  requester: UserInfo,
  headers: DistinctHeaders,
  authorize: (user: UserInfo, attrs: ResourceAttributes) => Decision,
): UserInfo {
  const request = impersonationRequest(headers);
  if (request === undefined) return requester;
  const { user } = request;
  if (user === undefined || user === '') {
    throw statusErrors.badRequest(
      'requested impersonation of groups, extra or uid without impersonating a user',
    );
  }
  for (const check of impersonationChecks({ ...request, user })) {
    if (!authorize(requester, check).allowed) throw forbiddenError(requester, check);
  }
  return impersonatedUser({ ...request, user });
}
