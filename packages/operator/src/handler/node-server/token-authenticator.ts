import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { realClock, requestJson, type Clock } from '@podvisor/kube';
import { NodeStatusError } from './node-status-error.ts';

/** What a TokenReview said about a bearer token. */
export interface TokenReviewResult {
  readonly authenticated: boolean;
  /** The user the token belongs to, when authenticated. */
  readonly username?: string;
  /** The API server's explanation, when not authenticated. */
  readonly error?: string;
}

/** Asks the API server who a bearer token belongs to. */
export type ReviewToken = (token: string) => Promise<TokenReviewResult>;

/** The ServiceAccount user name Kubernetes gives `namespace/name`'s tokens. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Decides from a TokenReview whether a caller may use the node endpoint: the token must be
 * authenticated (else 401) and belong to `allowedUser` (else 403). Returns the user name.
 */
export function authenticationDecision(review: TokenReviewResult, allowedUser: string): string {
  if (!review.authenticated || review.username === undefined) {
    const why = review.error === undefined || review.error === '' ? '' : `: ${review.error}`;
    throw new NodeStatusError(401, `Unauthorized: the bearer token is not valid${why}`);
  }
  if (review.username !== allowedUser) {
    throw new NodeStatusError(
      403,
      `User "${review.username}" cannot use the virt-handler node endpoint: only ${allowedUser} may`,
    );
  }
  return review.username;
}

/** Options of a {@link TokenAuthenticator}. */
export interface TokenAuthenticatorOptions {
  readonly review: ReviewToken;
  /** The one user allowed in (virt-api's ServiceAccount). */
  readonly allowedUser: string;
  /** How long a positive answer is believed without asking again; 60 s by default. */
  readonly cacheTtlMs?: number;
  /** The most tokens remembered at once; 256 by default. */
  readonly maxCached?: number;
  readonly clock?: Clock;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Authenticates callers of the node endpoint by their bearer token, through a TokenReview.
 * Positive answers are cached (by the token's SHA-256, for `cacheTtlMs`); refusals are not, so
 * a token that becomes valid is accepted at once.
 */
export class TokenAuthenticator {
  readonly #options: TokenAuthenticatorOptions;
  readonly #clock: Clock;
  readonly #accepted = new Map<string, number>();

  constructor(options: TokenAuthenticatorOptions) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
  }

  /**
   * The caller's user name for an `Authorization` header value; throws a
   * {@link NodeStatusError}: 401 without a valid token, 403 for another user, 503 when the
   * API server cannot be asked.
   */
  async authenticate(authorization: string | undefined): Promise<string> {
    const token = bearerToken(authorization);
    if (token === undefined) {
      throw new NodeStatusError(
        401,
        'Unauthorized: send a ServiceAccount token as Authorization: Bearer',
      );
    }
    const key = digest(token);
    const now = this.#clock.now();
    const until = this.#accepted.get(key);
    if (until !== undefined && until > now) return this.#options.allowedUser;
    let review: TokenReviewResult;
    try {
      review = await this.#options.review(token);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new NodeStatusError(503, `cannot verify the bearer token (TokenReview): ${message}`);
    }
    const user = authenticationDecision(review, this.#options.allowedUser);
    this.#remember(key, now);
    return user;
  }

  #remember(key: string, now: number): void {
    for (const [cached, until] of this.#accepted) {
      if (until <= now) this.#accepted.delete(cached);
    }
    const max = this.#options.maxCached ?? 256;
    const oldest = this.#accepted.keys().next();
    if (this.#accepted.size >= max && oldest.done !== true) this.#accepted.delete(oldest.value);
    this.#accepted.set(key, now + (this.#options.cacheTtlMs ?? 60_000));
  }
}

interface TokenReviewAnswer {
  readonly status?: {
    readonly authenticated?: boolean;
    readonly user?: { readonly username?: string };
    readonly error?: string;
  };
}

/** A {@link ReviewToken} that creates an `authentication.k8s.io/v1` TokenReview. */
export function tokenReviewer(kubeConfig: KubeConfig): ReviewToken {
  return async (token) => {
    const answer = (await requestJson(kubeConfig, {
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/tokenreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
    })) as TokenReviewAnswer | undefined;
    const status = answer?.status;
    const username = status?.user?.username;
    return {
      authenticated: status?.authenticated === true,
      ...(username === undefined ? {} : { username }),
      ...(status?.error === undefined ? {} : { error: status.error }),
    };
  };
}
