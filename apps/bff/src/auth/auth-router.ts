import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from '@podvisor/kube';
import type { Credential } from '../upstream/credential.ts';
import type { Upstream } from '../upstream/upstream.ts';
import { UpstreamError, kubeStatus } from '../upstream/upstream-error.ts';
import { sendAuthPage } from './auth-page.ts';
import {
  appendSetCookie,
  clearSessionCookies,
  parseCookies,
  serializeCookie,
  sessionFromRequest,
  setSessionCookies,
} from './cookies.ts';
import { csrfProtection } from './csrf-protection.ts';
import type { LocalTickets } from './local-tickets.ts';
import { OidcSignInError, createOidcSignIn, type OidcAuthConfig } from './oidc-sign-in.ts';
import type { SessionStore, SessionUser } from './session-store.ts';
import { whoAmI } from './who-am-i.ts';

/** How people sign in to the console. */
export type AuthConfig =
  | {
      /** The person who started the console, through one-time links. */
      readonly mode: 'local';
      readonly tickets: LocalTickets;
      /** Whom a local session calls the API server as (tickets naming an identity impersonate it). */
      readonly credential: Credential;
    }
  | { readonly mode: 'token' }
  | OidcAuthConfig;

/** What {@link authRouter} needs. */
export interface AuthRouterDeps {
  readonly store: SessionStore;
  readonly upstream: Upstream;
  readonly auth: AuthConfig;
  readonly logger: Logger;
  /** Marks cookies Secure: true when the console is served over https. */
  readonly secureCookies: boolean;
  /** The console's public URL (scheme, host and any base path), e.g. `https://podvisor.local:8443`. */
  readonly baseUrl: string;
}

/** The short-lived cookie that binds an OIDC login to the browser that started it. */
export const oidcStateCookieName = 'podvisor-oidc-state';

const oidcStateTtlMs = 10 * 60 * 1000;
const tokenShape = /^[\x21-\x7e]+$/;

/** Who signs in, and whom their session calls the API server as. */
interface Identity {
  readonly user: SessionUser;
  readonly credential: Credential;
}

interface Context {
  readonly deps: AuthRouterDeps;
  readonly logger: Logger;
  /** The base path with no trailing slash ('' at the root). */
  readonly basePath: string;
}

function basePathOf(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/** Starts a session for `identity` (ending the one this browser had), and sets its cookies. */
function startSession(ctx: Context, req: Request, res: Response, identity: Identity): void {
  const previous = sessionFromRequest(req, ctx.deps.store);
  if (previous !== undefined) ctx.deps.store.delete(previous.id);
  const session = ctx.deps.store.create(identity);
  setSessionCookies(res, session, ctx.deps.secureCookies);
  ctx.logger.info({ username: session.user.username, mode: ctx.deps.auth.mode }, 'signed in');
}

function notEnabled(ctx: Context, what: string): RequestHandler {
  const message = `${what} is not enabled: this console signs in with mode ${ctx.deps.auth.mode}`;
  return (req, res) => {
    if (req.path.startsWith('/api/')) res.status(404).json(kubeStatus(404, message));
    else sendAuthPage(res, { status: 404, title: 'Not enabled', lines: [message] });
  };
}

function localSignIn(ctx: Context, auth: Extract<AuthConfig, { mode: 'local' }>): RequestHandler {
  return async (req, res) => {
    const ticket = typeof req.query['ticket'] === 'string' ? req.query['ticket'] : '';
    const grant = auth.tickets.redeem(ticket);
    if (grant === undefined) {
      ctx.logger.info('a local sign-in link was refused (used, expired or forged)');
      sendAuthPage(res, {
        status: 401,
        title: 'This sign-in link no longer works',
        lines: [
          'The link was already used or has expired: each link signs in once, and only for a limited time.',
          'Get a new link from the terminal where the console was started: the command that started it prints a fresh sign-in link.',
        ],
      });
      return;
    }
    // A ticket for another identity: the BFF's credential impersonating them (e.g. a view-only user).
    const credential: Credential =
      grant.identity === undefined
        ? auth.credential
        : { kind: 'impersonate', user: grant.identity.user, groups: grant.identity.groups };
    try {
      const user = await whoAmI(ctx.deps.upstream, credential);
      startSession(ctx, req, res, { user, credential });
      res.redirect(303, `${ctx.basePath}/`);
    } catch (error) {
      ctx.logger.warn({ err: error }, 'local sign-in: the API server did not say who we are');
      sendAuthPage(res, {
        status: 502,
        title: 'Sign-in failed',
        lines: [
          'The API server could not be asked who you are. Check that the cluster is running, then get a new sign-in link.',
        ],
      });
    }
  };
}

/** The token from a `{ token }` body, or a message naming what is wrong with it. */
function tokenOf(body: unknown): { token: string } | { problem: string } {
  const raw =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)['token']
      : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') {
    return {
      problem: 'token: required; send a JSON body { "token": "<Kubernetes bearer token>" }',
    };
  }
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  if (!tokenShape.test(token)) {
    return { problem: 'token: must be printable ASCII without spaces' };
  }
  return { token };
}

function tokenFailure(error: unknown): { code: number; message: string } {
  if (error instanceof UpstreamError && error.code === 401) {
    return { code: 401, message: 'the API server rejected the token' };
  }
  if (error instanceof UpstreamError && error.code === 403) {
    return {
      code: 403,
      message: 'the API server refused to say whose token this is (SelfSubjectReview forbidden)',
    };
  }
  return { code: 502, message: 'the token could not be checked: the API server did not answer' };
}

function tokenSignIn(ctx: Context): RequestHandler {
  return async (req, res) => {
    const parsed = tokenOf(req.body);
    if ('problem' in parsed) {
      res.status(400).json(kubeStatus(400, parsed.problem));
      return;
    }
    const credential: Credential = { kind: 'bearer', token: parsed.token };
    try {
      const user = await whoAmI(ctx.deps.upstream, credential);
      startSession(ctx, req, res, { user, credential });
      res.status(200).json({ username: user.username, groups: user.groups });
    } catch (error) {
      const failure = tokenFailure(error);
      const reason = error instanceof UpstreamError ? error.status.reason : 'unreachable';
      ctx.logger.info({ code: failure.code, reason }, 'token sign-in refused');
      res.status(failure.code).json(kubeStatus(failure.code, failure.message));
    }
  };
}

function oidcRoutes(
  ctx: Context,
  auth: OidcAuthConfig,
): { login: RequestHandler; callback: RequestHandler } {
  const redirectUri = `${ctx.deps.baseUrl.replace(/\/+$/, '')}/auth/oidc/callback`;
  const oidc = createOidcSignIn({ config: auth, redirectUri, pendingTtlMs: oidcStateTtlMs });
  const stateCookie = (value: string, expiresAt: number): string =>
    serializeCookie({
      name: oidcStateCookieName,
      value,
      httpOnly: true,
      // Lax: the callback is a cross-site navigation from the provider; Strict would not send it.
      sameSite: 'Lax',
      secure: ctx.deps.secureCookies,
      path: `${ctx.basePath}/auth/oidc/`,
      expiresAt,
    });
  const fail = (res: Response, error: unknown): void => {
    const status = error instanceof OidcSignInError ? error.status : 500;
    const message = error instanceof OidcSignInError ? error.message : 'an unexpected error';
    ctx.logger.info({ status, cause: message }, 'oidc sign-in failed');
    appendSetCookie(res, [stateCookie('', 0)]);
    sendAuthPage(res, {
      status,
      title: 'Sign-in failed',
      lines: [`Cause: ${message}.`, 'Start again from the console’s sign-in page.'],
    });
  };
  return {
    login: async (_req, res) => {
      try {
        const { url, state } = await oidc.start();
        appendSetCookie(res, [stateCookie(state, Date.now() + oidcStateTtlMs)]);
        res.redirect(303, url.href);
      } catch (error) {
        fail(res, error);
      }
    },
    callback: async (req, res) => {
      try {
        const at = req.originalUrl.indexOf('?');
        const query = new URLSearchParams(at < 0 ? '' : req.originalUrl.slice(at + 1));
        const bound = parseCookies(req.headers.cookie).get(oidcStateCookieName);
        const identity = await oidc.finish(query, bound);
        startSession(ctx, req, res, identity);
        appendSetCookie(res, [stateCookie('', 0)]);
        res.redirect(303, `${ctx.basePath}/`);
      } catch (error) {
        fail(res, error);
      }
    },
  };
}

function logout(ctx: Context): RequestHandler {
  return (req, res) => {
    const session = sessionFromRequest(req, ctx.deps.store);
    if (session !== undefined) {
      ctx.deps.store.delete(session.id);
      ctx.logger.info({ username: session.user.username }, 'signed out');
    }
    clearSessionCookies(res, ctx.deps.secureCookies);
    res.status(204).end();
  };
}

function me(ctx: Context): RequestHandler {
  return (req, res) => {
    const session = sessionFromRequest(req, ctx.deps.store);
    if (session === undefined) {
      res.status(401).json(kubeStatus(401, 'not signed in'));
      return;
    }
    const { username, groups } = session.user;
    res.json({ username, groups, mode: ctx.deps.auth.mode });
  };
}

function clientConfig(ctx: Context): RequestHandler {
  const { mode } = ctx.deps.auth;
  const body = mode === 'oidc' ? { mode, loginUrl: `${ctx.basePath}/auth/oidc/login` } : { mode };
  return (_req, res) => {
    res.json(body);
  };
}

/** Answers malformed or oversized JSON bodies with a Status that never repeats the body. */
const bodyErrors: express.ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const type =
    typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  if (type === 'entity.too.large') {
    res.status(413).json(kubeStatus(413, 'the request body is too large'));
  } else if (
    (typeof type === 'string' && type.startsWith('entity.')) ||
    type === 'charset.unsupported'
  ) {
    res.status(400).json(kubeStatus(400, 'the request body must be JSON: { "token": "…" }'));
  } else {
    next(error);
  }
};

function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
}

/**
 * Sign-in, sign-out and "who am I" for the console. Every mode's routes exist; those of other
 * modes answer 404. Sessions are server-side; the browser gets only the session id (HttpOnly) and
 * the CSRF token. Tokens, cookies and tickets never appear in answers or log lines.
 *
 * - `GET /auth/local?ticket=`: redeems a one-time link, then 303 to the console; a ticket naming
 *   another identity signs in as the BFF's kubeconfig credential impersonating that user.
 * - `POST /api/auth/token` `{ token }`: signs in with a Kubernetes bearer token.
 * - `GET /auth/oidc/login`, `GET /auth/oidc/callback`: the OIDC code flow with PKCE.
 * - `POST /api/auth/logout` (CSRF-checked): ends the session, 204.
 * - `GET /api/auth/me`: `{ username, groups, mode }` or a 401 Status.
 * - `GET /api/auth/config`: `{ mode, loginUrl? }`, for the sign-in page.
 */
export function authRouter(deps: AuthRouterDeps): Router {
  const ctx: Context = {
    deps,
    logger: deps.logger.child({ component: 'auth' }),
    basePath: basePathOf(deps.baseUrl),
  };
  const { auth } = deps;
  const csrf = csrfProtection(deps.store);
  const router = express.Router();
  router.use(['/auth', '/api/auth'], noStore());
  router.get(
    '/auth/local',
    auth.mode === 'local' ? localSignIn(ctx, auth) : notEnabled(ctx, 'local sign-in'),
  );
  router.post(
    '/api/auth/token',
    csrf,
    express.json({ limit: '64kb' }),
    auth.mode === 'token' ? tokenSignIn(ctx) : notEnabled(ctx, 'token sign-in'),
  );
  const oidc = auth.mode === 'oidc' ? oidcRoutes(ctx, auth) : undefined;
  router.get('/auth/oidc/login', oidc?.login ?? notEnabled(ctx, 'OIDC sign-in'));
  router.get('/auth/oidc/callback', oidc?.callback ?? notEnabled(ctx, 'OIDC sign-in'));
  router.post('/api/auth/logout', csrf, logout(ctx));
  router.get('/api/auth/me', me(ctx));
  router.get('/api/auth/config', clientConfig(ctx));
  router.use(bodyErrors);
  return router;
}
