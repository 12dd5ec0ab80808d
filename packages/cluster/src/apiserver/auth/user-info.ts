import type { UserInfo } from '../user-info.ts';

export type { UserInfo };

/** The group whose members may do everything (never subject to RBAC). */
export const systemMasters = 'system:masters';
/** Every authenticated user is in this group. */
export const allAuthenticated = 'system:authenticated';
/** Every anonymous request is in this group. */
export const allUnauthenticated = 'system:unauthenticated';

/** The user of requests without credentials (only on the public paths). */
export const anonymousUser: UserInfo = { name: 'system:anonymous', groups: [allUnauthenticated] };

/** The cluster admin, the identity of the kubeconfig `podvisor cluster` writes. */
export const adminUser: UserInfo = {
  name: 'podvisor-admin',
  groups: [systemMasters, allAuthenticated],
};

const serviceAccountPrefix = 'system:serviceaccount:';

/** `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${serviceAccountPrefix}${namespace}:${name}`;
}

/** The namespace and name of a service account user name, or undefined for other users. */
export function parseServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(serviceAccountPrefix)) return undefined;
  const [namespace, name, ...rest] = username.slice(serviceAccountPrefix.length).split(':');
  if (namespace === undefined || name === undefined || namespace === '' || name === '') {
    return undefined;
  }
  return rest.length > 0 ? undefined : { namespace, name };
}

/** The groups every service account of a namespace is in. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

/** Adds `system:authenticated` unless the user already has it (as kube-apiserver does for everyone authenticated). */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(allAuthenticated)
    ? user
    : { ...user, groups: [...user.groups, allAuthenticated] };
}
