import { createHash } from 'node:crypto';

/**
 * Whom a request to the API server is made as. The browser never holds any of these: they live
 * in the BFF's server-side session.
 * - `bearer`: the user's own token (token sign-in, or the local user's token);
 * - `impersonate`: the BFF's own kubeconfig credential plus `Impersonate-User`/`Impersonate-Group`
 *   (OIDC sign-in mapped to impersonation; the BFF's account needs the `impersonate` verb);
 * - `kubeconfig`: the BFF's kubeconfig user as it is (local mode against a kubeconfig whose user
 *   is the person who started the console, e.g. with a client certificate).
 */
export type Credential =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'impersonate'; readonly user: string; readonly groups: readonly string[] }
  | { readonly kind: 'kubeconfig' };

/**
 * A stable, non-secret key for a credential: equal credentials give equal keys, so work done for
 * one user (a shared upstream watch) can be shared with that user's other subscriptions and never
 * with anyone else's. A token is hashed; the key never reveals it.
 */
export function credentialKey(credential: Credential): string {
  switch (credential.kind) {
    case 'bearer':
      return `bearer:${createHash('sha256').update(credential.token).digest('hex')}`;
    case 'impersonate':
      return `impersonate:${JSON.stringify([credential.user, [...credential.groups].sort()])}`;
    case 'kubeconfig':
      return 'kubeconfig';
  }
}
