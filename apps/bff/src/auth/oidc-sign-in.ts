import {
  ClientSecretBasic,
  None,
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  discovery,
  fetchUserInfo,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  type Configuration,
} from 'openid-client';
import type { Credential } from '../upstream/credential.ts';
import type { SessionUser } from './session-store.ts';

/** OIDC sign-in settings (authorization code flow with PKCE). */
export interface OidcAuthConfig {
  readonly mode: 'oidc';
  /** The issuer URL; https, or http on a loopback address (tests). */
  readonly issuer: string;
  readonly clientId: string;
  /** Absent for a public client (PKCE only). */
  readonly clientSecret?: string;
  /** The claim that names the user, e.g. `email`. */
  readonly usernameClaim: string;
  /** The claim that lists the user's groups, e.g. `groups`. */
  readonly groupsClaim: string;
  /** Prepended to the username, e.g. `oidc:`. */
  readonly usernamePrefix: string;
  /** Prepended to each group. */
  readonly groupsPrefix: string;
  readonly scopes: readonly string[];
}

/** Who signed in, and how the BFF calls the API server for them. */
export interface OidcIdentity {
  readonly user: SessionUser;
  readonly credential: Credential;
}

/** A sign-in that cannot complete; `status` is 401 (refused) or 502 (provider unreachable). */
export class OidcSignInError extends Error {
  readonly status: 401 | 502;

  constructor(status: 401 | 502, message: string) {
    super(message);
    this.name = 'OidcSignInError';
    this.status = status;
  }
}

/** The OIDC code flow, with the pending logins kept server-side keyed by `state`. */
export interface OidcSignIn {
  /** Starts a login: the provider's authorization URL and the login's `state`. */
  start(): Promise<{ readonly url: URL; readonly state: string }>;
  /**
   * Finishes a login from the callback's query. `boundState` is the state this browser started
   * (from its cookie); a callback for another browser's login is refused.
   */
  finish(query: URLSearchParams, boundState: string | undefined): Promise<OidcIdentity>;
}

/** Options of {@link createOidcSignIn}. */
export interface OidcSignInOptions {
  readonly config: OidcAuthConfig;
  /** The BFF's callback URL, as registered with the provider. */
  readonly redirectUri: string;
  /** How long a started login may take; 10 minutes by default. */
  readonly pendingTtlMs?: number;
  /** The most logins pending at once (the oldest is dropped); 1,000 by default. */
  readonly maxPending?: number;
  readonly now?: () => number;
}

interface PendingLogin {
  readonly verifier: string;
  readonly nonce: string;
  readonly expiresAt: number;
}

type Claims = Readonly<Record<string, unknown>>;

/** True for `localhost`, 127.0.0.0/8 and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Parses and checks the issuer: https, or http only on a loopback address. */
export function issuerUrl(issuer: string): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new TypeError(`oidc issuer ${JSON.stringify(issuer)} is not a URL`);
  }
  const insecureOk = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !insecureOk) {
    throw new TypeError(
      `oidc issuer ${JSON.stringify(issuer)} must use https (http only on a loopback address)`,
    );
  }
  return url;
}

function groupsOf(claims: Claims, name: string): readonly string[] {
  const value = claims[name];
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((g) => typeof g === 'string')) return value;
  throw new OidcSignInError(401, `the ${name} claim must be a string or a list of strings`);
}

/** Maps the provider's claims to the impersonated Kubernetes user, as the API server's OIDC does. */
export function identityFromClaims(config: OidcAuthConfig, claims: Claims): OidcIdentity {
  const name = claims[config.usernameClaim];
  if (typeof name !== 'string' || name === '') {
    throw new OidcSignInError(
      401,
      `the identity provider gave no ${config.usernameClaim} claim to name the user`,
    );
  }
  if (config.usernameClaim === 'email' && 'email_verified' in claims) {
    if (claims['email_verified'] !== true) {
      throw new OidcSignInError(401, `the identity provider says ${name} is not verified`);
    }
  }
  const groups = groupsOf(claims, config.groupsClaim).map((g) => config.groupsPrefix + g);
  if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
  const username = config.usernamePrefix + name;
  return {
    user: { username, groups },
    credential: { kind: 'impersonate', user: username, groups },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Checks the callback's query before any work: no `error`, and the state this browser started. */
function callbackState(query: URLSearchParams, boundState: string | undefined): string {
  const refused = query.get('error');
  if (refused !== null) {
    const detail = query.get('error_description');
    const suffix = detail === null || detail === '' ? '' : ` (${detail})`;
    throw new OidcSignInError(
      401,
      `the identity provider refused the sign-in: ${refused}${suffix}`,
    );
  }
  const state = query.get('state');
  if (state === null || state === '') {
    throw new OidcSignInError(401, 'the callback carries no state parameter');
  }
  if (boundState !== state) {
    throw new OidcSignInError(
      401,
      'the state parameter does not match the sign-in this browser started',
    );
  }
  return state;
}

type Tokens = Awaited<ReturnType<typeof authorizationCodeGrant>>;

/** Exchanges the code (PKCE verifier, state and nonce checked; the ID token validated). */
async function exchange(
  oidc: Configuration,
  callback: { readonly redirectUri: string; readonly query: URLSearchParams },
  login: PendingLogin & { readonly state: string },
): Promise<Tokens> {
  const current = new URL(callback.redirectUri);
  for (const [key, value] of callback.query) current.searchParams.append(key, value);
  try {
    return await authorizationCodeGrant(oidc, current, {
      pkceCodeVerifier: login.verifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    throw new OidcSignInError(401, `the sign-in could not be completed: ${describe(error)}`);
  }
}

/** The ID token's claims, completed from the userinfo endpoint when it lacks the ones we map. */
async function claimsOf(
  oidc: Configuration,
  config: OidcAuthConfig,
  tokens: Tokens,
): Promise<Claims> {
  const idClaims = tokens.claims();
  if (idClaims === undefined) throw new OidcSignInError(401, 'the provider sent no ID token');
  const complete = config.usernameClaim in idClaims && config.groupsClaim in idClaims;
  if (complete || oidc.serverMetadata().userinfo_endpoint === undefined) return idClaims;
  try {
    const userInfo = await fetchUserInfo(oidc, tokens.access_token, idClaims.sub);
    return { ...userInfo, ...idClaims };
  } catch (error) {
    throw new OidcSignInError(401, `the provider's userinfo could not be read: ${describe(error)}`);
  }
}

/**
 * The OIDC authorization code flow with PKCE (S256), `state` and `nonce`, on `openid-client`:
 * discovery on the issuer (once, retried after a failure), the ID token validated by the library,
 * and the user's claims taken from the ID token, completed from the userinfo endpoint when the
 * ID token lacks them.
 */
export function createOidcSignIn(options: OidcSignInOptions): OidcSignIn {
  const { config, redirectUri } = options;
  const issuer = issuerUrl(config.issuer);
  const pendingTtlMs = options.pendingTtlMs ?? 10 * 60 * 1000;
  const maxPending = options.maxPending ?? 1000;
  const now = options.now ?? Date.now;
  const pending = new Map<string, PendingLogin>();
  let discovered: Promise<Configuration> | undefined;

  function provider(): Promise<Configuration> {
    discovered ??= discovery(
      issuer,
      config.clientId,
      undefined,
      config.clientSecret === undefined ? None() : ClientSecretBasic(config.clientSecret),
      // issuerUrl allows http only on a loopback address (tests); every other issuer is https.
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- deliberate, loopback only
      { execute: issuer.protocol === 'http:' ? [allowInsecureRequests] : [] },
    ).catch((error: unknown) => {
      discovered = undefined;
      throw new OidcSignInError(
        502,
        `could not discover the identity provider: ${describe(error)}`,
      );
    });
    return discovered;
  }

  function remember(state: string, login: PendingLogin): void {
    const time = now();
    for (const [key, entry] of pending) {
      if (entry.expiresAt > time && pending.size < maxPending) break;
      pending.delete(key);
    }
    pending.set(state, login);
  }

  function take(state: string): PendingLogin {
    const login = pending.get(state);
    pending.delete(state);
    if (login === undefined || login.expiresAt <= now()) {
      throw new OidcSignInError(
        401,
        'the state parameter names no pending sign-in (it expired or was already used)',
      );
    }
    return login;
  }

  return {
    async start() {
      const oidc = await provider();
      const verifier = randomPKCECodeVerifier();
      const state = randomState();
      const nonce = randomNonce();
      remember(state, { verifier, nonce, expiresAt: now() + pendingTtlMs });
      const url = buildAuthorizationUrl(oidc, {
        redirect_uri: redirectUri,
        scope: config.scopes.join(' '),
        code_challenge: await calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state };
    },

    async finish(query, boundState) {
      const state = callbackState(query, boundState);
      const login = take(state);
      const oidc = await provider();
      const tokens = await exchange(oidc, { redirectUri, query }, { ...login, state });
      return identityFromClaims(config, await claimsOf(oidc, config, tokens));
    },
  };
}
