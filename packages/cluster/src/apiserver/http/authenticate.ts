import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { statusErrors } from '../status-error.ts';

import type { UserInfo } from '../user-info.ts';

export type { UserInfo };

/** The cluster admin, the identity of the kubeconfig `podvisor cluster` writes. */
export const adminUser: UserInfo = {
  name: 'podvisor-admin',
  groups: ['system:masters', 'system:authenticated'],
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Bearer-token authentication against the admin token; returns undefined for unknown tokens. */
export function tokenAuthenticator(adminToken: string): (token: string) => UserInfo | undefined {
  return (token) => (sameToken(token, adminToken) ? adminUser : undefined);
}

/** The user of a request, or a 401 when it has no valid bearer token. */
export function authenticateRequest(
  req: IncomingMessage,
  authenticate: (token: string) => UserInfo | undefined,
): UserInfo {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const user = match?.[1] === undefined ? undefined : authenticate(match[1]);
  if (user === undefined) throw statusErrors.unauthorized();
  return user;
}
