import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Logger } from '@podvisor/kube';
import type { KubeObject } from '../json.ts';
import type { ServiceContext } from '../service/service-context.ts';
import { statusErrors } from '../status-error.ts';
import { answerAuthReview } from './auth-reviews.ts';
import { ensureBootstrapPolicy } from './bootstrap-policy.ts';
import { ClusterRoleAggregator } from './cluster-role-aggregation.ts';
import { forbiddenError } from './forbidden-error.ts';
import { impersonate } from './impersonation.ts';
import type { PolicyRule } from './policy-rule.ts';
import { authorize, rulesFor, type Decision } from './rbac-authorizer.ts';
import { RbacCache } from './rbac-cache.ts';
import {
  isStreamingUpgrade,
  requestAttributes,
  type RequestAttributes,
  type RequestLine,
} from './request-attributes.ts';
import { ensureServiceAccountKeys } from './service-account-keys.ts';
import {
  serviceAccountIssuer,
  ServiceAccountTokens,
  type SignedToken,
  type TokenRequestInput,
  type TokenVerdict,
} from './service-account-tokens.ts';
import { StaticTokenFile } from './static-token-file.ts';
import { createTokenAuthenticator, type TokenAuthenticator } from './token-authenticator.ts';
import { anonymousUser, type UserInfo } from './user-info.ts';

/** What the cluster's authentication and authorization are built from. */
export interface AuthOptions {
  readonly ctx: ServiceContext;
  /** `DIR/pki`: holds `tokens.csv` and `sa.key`/`sa.pub` (created on first start). */
  readonly pkiDir: string;
  /** The admin bearer token (`DIR/pki/admin-token`): user `podvisor-admin` in `system:masters`. */
  readonly adminToken: string;
  readonly logger: Logger;
  /** The API server's audiences (default: the issuer, `https://kubernetes.default.svc`). */
  readonly apiAudiences?: readonly string[];
}

/** The outcome of checking a request: who it runs as and what it does. */
export interface AdmittedRequest {
  /** The effective user (the impersonated one when impersonation headers were sent). */
  readonly user: UserInfo;
  /** The user the credentials belong to. */
  readonly authenticatedUser: UserInfo;
  readonly attributes: RequestAttributes;
}

/** Authentication, impersonation and RBAC authorization for the API server. */
export interface Auth {
  /** Creates the missing bootstrap policy and aggregates ClusterRoles; call once before serving (after kube-system exists). */
  start(): Promise<void>;
  /**
   * Authenticates, applies impersonation and authorizes a request. Throws a StatusError: 401
   * without valid credentials (anonymous only on /healthz, /livez, /readyz, /version), 400 for
   * malformed impersonation, 403 in upstream's wording when RBAC does not allow it.
   */
  checkRequest(req: IncomingMessage): AdmittedRequest;
  /** Checks a bearer token for audiences (empty: the API server's). */
  authenticateToken(token: string, audiences?: readonly string[]): TokenVerdict;
  /** Whether RBAC (or `system:masters`) allows the request. */
  authorize(user: UserInfo, attributes: RequestAttributes): Decision;
  /** The RBAC rules that apply to a user in a namespace. */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[];
  /** Answers a review (SSAR, SAR, LSAR, SSRR, TokenReview, SelfSubjectReview); `namespace` is the path's. */
  answerReview(kind: string, review: KubeObject, user: UserInfo, namespace: string): KubeObject;
  /** Signs a bound service-account token (for the TokenRequest subresource). */
  signServiceAccountToken(input: TokenRequestInput): SignedToken;
  /** The issuer and default audience of service-account tokens. */
  readonly issuer: string;
  /** Stops the RBAC watch and the aggregation controller. */
  close(): void;
}

/** Paths anonymous requests may reach (RBAC still decides: `system:public-info-viewer`). */
const anonymousPaths = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);
const websocketTokenPrefix = 'base64url.bearer.authorization.k8s.io.';

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function isAnonymousPath(path: string): boolean {
  return anonymousPaths.has(path) || /^\/(healthz|livez|readyz)\/[^/]+$/.test(path);
}

/** The bearer token of a request: the Authorization header, or a websocket subprotocol. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? '';
  }
  const protocols = req.headers['sec-websocket-protocol'] ?? '';
  for (const protocol of protocols.split(',').map((p) => p.trim())) {
    if (!protocol.startsWith(websocketTokenPrefix)) continue;
    try {
      return Buffer.from(protocol.slice(websocketTokenPrefix.length), 'base64url').toString('utf8');
    } catch {
      return '';
    }
  }
  return undefined;
}

function requestLine(req: IncomingMessage): RequestLine {
  const upgrade = req.headers.upgrade ?? '';
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    websocket: upgrade.toLowerCase() === 'websocket',
  };
}

function authenticateRequest(authenticate: TokenAuthenticator, req: IncomingMessage): UserInfo {
  const token = bearerToken(req);
  if (token === undefined) {
    if (isAnonymousPath(pathOf(req.url ?? '/'))) return anonymousUser;
    throw statusErrors.unauthorized();
  }
  const verdict = token === '' ? undefined : authenticate(token);
  if (verdict?.authenticated !== true) throw statusErrors.unauthorized();
  return verdict.user;
}

/** Decides a request, accepting `get` for websocket exec/attach/portforward when `create` is denied. */
function decide(
  authorizeFn: (user: UserInfo, attrs: RequestAttributes) => Decision,
  user: UserInfo,
  attrs: RequestAttributes,
  line: RequestLine,
): { decision: Decision; attrs: RequestAttributes } {
  if (!isStreamingUpgrade(attrs, line)) return { decision: authorizeFn(user, attrs), attrs };
  const create = { ...attrs, verb: 'create' };
  const decision = authorizeFn(user, create);
  if (decision.allowed) return { decision, attrs: create };
  const legacy = authorizeFn(user, attrs);
  return legacy.allowed ? { decision: legacy, attrs } : { decision, attrs: create };
}

/**
 * Builds the API server's authentication (admin token, static token file reloaded on change,
 * service-account JWTs), impersonation and RBAC authorization (cached from the store, with
 * in-process ClusterRole aggregation), and the reviews.
 */
export function createAuth(options: AuthOptions): Auth {
  const { ctx, logger } = options;
  const apiAudiences = options.apiAudiences ?? [serviceAccountIssuer];
  const tokenFile = new StaticTokenFile(join(options.pkiDir, 'tokens.csv'), (error) => {
    logger.error({ err: error }, 'cannot load the static token file; keeping the previous tokens');
  });
  const serviceAccounts = new ServiceAccountTokens({
    keys: ensureServiceAccountKeys(options.pkiDir),
    store: ctx.store,
    now: ctx.now,
  });
  const authenticateToken = createTokenAuthenticator({
    adminToken: options.adminToken,
    tokenFile,
    serviceAccounts,
    apiAudiences,
  });
  const cache = new RbacCache(ctx.store);
  const aggregator = new ClusterRoleAggregator({
    ctx,
    cache,
    logger: logger.child({ controller: 'clusterrole-aggregation' }),
  });
  const authorizeFn = (user: UserInfo, attrs: RequestAttributes): Decision =>
    authorize(cache, user, attrs);
  const rulesForFn = (user: UserInfo, namespace: string): PolicyRule[] =>
    rulesFor(cache, user, namespace);
  return {
    issuer: serviceAccountIssuer,
    start: async () => {
      await ensureBootstrapPolicy(ctx, logger);
      await aggregator.sync();
    },
    checkRequest: (req) => {
      const authenticatedUser = authenticateRequest(authenticateToken, req);
      const line = requestLine(req);
      const user = impersonate(authenticatedUser, req.headersDistinct, authorizeFn);
      const { decision, attrs } = decide(authorizeFn, user, requestAttributes(line), line);
      if (!decision.allowed) throw forbiddenError(user, attrs, decision.reason);
      return { user, authenticatedUser, attributes: attrs };
    },
    authenticateToken: (token, audiences = []) => authenticateToken(token, audiences),
    authorize: authorizeFn,
    rulesFor: rulesForFn,
    answerReview: (kind, review, user, namespace) =>
      answerAuthReview(
        { authorize: authorizeFn, rulesFor: rulesForFn, authenticateToken },
        { kind, review, user, namespace },
      ),
    signServiceAccountToken: (input) => serviceAccounts.sign(input),
    close: () => {
      aggregator.stop();
      cache.close();
    },
  };
}
