import { timingSafeEqual } from 'node:crypto';
import type { ServiceAccountTokens, TokenVerdict } from './service-account-tokens.ts';
import type { StaticTokenFile } from './static-token-file.ts';
import { adminUser, type UserInfo } from './user-info.ts';

/** Checks a bearer token for the given audiences (empty: the API server's own). */
export type TokenAuthenticator = (token: string, audiences?: readonly string[]) => TokenVerdict;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Tokens that carry no audience (the admin token, static user tokens) are valid only for the API
 * server's own audiences, as kube-apiserver's audience-agnostic wrapper decides.
 */
function audienceAgnostic(
  user: UserInfo,
  requested: readonly string[],
  apiAudiences: readonly string[],
): TokenVerdict {
  const matched = requested.filter((a) => apiAudiences.includes(a));
  if (matched.length === 0) {
    return {
      authenticated: false,
      error: `token audiences ${JSON.stringify(apiAudiences)} is invalid for the target audiences ${JSON.stringify(requested)}`,
    };
  }
  return { authenticated: true, user, audiences: matched };
}

/**
 * The cluster's bearer-token authenticator: the admin token, then service-account JWTs, then the
 * static token file.
 */
export function createTokenAuthenticator(options: {
  readonly adminToken: string;
  readonly tokenFile: StaticTokenFile;
  readonly serviceAccounts: ServiceAccountTokens;
  readonly apiAudiences: readonly string[];
}): TokenAuthenticator {
  const { adminToken, tokenFile, serviceAccounts, apiAudiences } = options;
  return (token, audiences = []) => {
    const requested = audiences.length === 0 ? apiAudiences : audiences;
    if (adminToken !== '' && sameToken(token, adminToken)) {
      return audienceAgnostic(adminUser, requested, apiAudiences);
    }
    const jwt = serviceAccounts.verify(token, requested);
    if (jwt !== undefined) return jwt;
    const user = tokenFile.lookup(token);
    if (user !== undefined) return audienceAgnostic(user, requested, apiAudiences);
    return { authenticated: false, error: 'invalid bearer token' };
  };
}
