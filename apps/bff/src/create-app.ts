import type { IncomingMessage } from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from '@podvisor/kube';
import { authRouter, type AuthConfig } from './auth/auth-router.ts';
import { sessionFromRequest } from './auth/cookies.ts';
import { csrfProtection } from './auth/csrf-protection.ts';
import { createSessionStore, type SessionStore } from './auth/session-store.ts';
import { createConsoleProxy, type ConsoleKind } from './consoles/console-proxy.ts';
import { keepAlive } from './http/keep-alive.ts';
import { requestContext } from './http/request-context.ts';
import { securityHeaders } from './http/security-headers.ts';
import { spaRouter } from './http/spa.ts';
import {
  createUpgradeRouter,
  type UpgradeRouter,
  type UpgradeRoute,
} from './http/upgrade-router.ts';
import { createBffMetrics, type BffMetrics } from './metrics/bff-metrics.ts';
import { kubeProxy } from './proxy/kube-proxy.ts';
import type { Upstream } from './upstream/upstream.ts';
import { kubeStatus } from './upstream/upstream-error.ts';
import { createWatchHub } from './watch/watch-hub.ts';

/** What the BFF is built from; {@link createApp} does not listen. */
export interface BffDeps {
  readonly upstream: Upstream;
  readonly auth: AuthConfig;
  readonly logger: Logger;
  /** The console's own URL as the browser sees it (`http://127.0.0.1:8080`), without a path. */
  readonly baseUrl: string;
  /** Origins besides `baseUrl`'s own whose pages may open websockets (a proxy's public name). */
  readonly extraOrigins?: readonly string[];
  /** The built SPA (apps/console/dist); without it a page says how to build it. */
  readonly staticDir?: string;
  readonly sessions?: SessionStore;
}

/** The BFF: an Express app for requests, a router for websocket upgrades, and its live parts. */
export interface Bff {
  readonly app: Express;
  /** `server.on('upgrade', bff.upgrade)`. */
  readonly upgrade: UpgradeRouter;
  readonly sessions: SessionStore;
  readonly metrics: BffMetrics;
  /** Closes every watch and console socket and the upstream connections. */
  close(): Promise<void>;
}

const consolePath = /^\/api\/consoles\/([^/]+)\/([^/]+)\/(serial|vnc|spice)$/;

interface ConsoleTarget {
  readonly namespace: string;
  readonly name: string;
  readonly kind: ConsoleKind;
}

function matchConsole(path: string): ConsoleTarget | undefined {
  const match = consolePath.exec(path);
  if (match === null) return undefined;
  const [, namespace = '', name = '', kind = ''] = match;
  try {
    return {
      namespace: decodeURIComponent(namespace),
      name: decodeURIComponent(name),
      kind: kind as ConsoleKind,
    };
  } catch {
    return undefined; // a malformed %-escape: no such endpoint
  }
}

/**
 * Builds the BFF: security headers and request ids on everything; `/metrics` and health; sign-in
 * under `/auth` and `/api/auth`; CSRF on every write under `/api`; the Kubernetes proxy at
 * `/api/kubernetes/*`; 404 Status for other `/api` paths; the SPA for the rest. Websockets:
 * `/api/watch` (multiplexed live lists) and `/api/consoles/{ns}/{vmi}/{serial|vnc|spice}`.
 */
export function createApp(deps: BffDeps): Bff {
  const { upstream, logger } = deps;
  const sessions = deps.sessions ?? createSessionStore();
  const watchHub = createWatchHub({ upstream, logger: logger.child({ part: 'watch' }) });
  const consoles = createConsoleProxy({ upstream, logger: logger.child({ part: 'consoles' }) });
  const metrics = createBffMetrics({
    watch: () => watchHub.stats(),
    consoles: () => consoles.stats(),
  });
  const https = deps.baseUrl.startsWith('https:');
  const credentialOf = (req: IncomingMessage) => sessionFromRequest(req, sessions)?.credential;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders({ https }));
  app.use(requestContext(logger, metrics));
  app.get('/healthz', (_req, res) => void res.type('text').send('ok'));
  app.get('/readyz', (_req, res) => void res.type('text').send('ok'));
  app.get('/metrics', (_req, res, next) => {
    metrics.registry.metrics().then((text) => {
      res.type(metrics.registry.contentType).send(text);
    }, next);
  });
  app.use(
    authRouter({
      store: sessions,
      upstream,
      auth: deps.auth,
      logger,
      secureCookies: https,
      baseUrl: deps.baseUrl,
    }),
  );
  app.use('/api', csrfProtection(sessions));
  app.use('/api/kubernetes', kubeProxy(upstream, credentialOf));
  app.use('/api', (req, res) => {
    res.status(404).json(kubeStatus(404, `no console API at ${req.method} /api${req.path}`));
  });
  app.use(spaRouter(deps.staticDir));

  const routes: UpgradeRoute<never>[] = [
    {
      name: '/api/watch',
      match: (path) => (path === '/api/watch' ? {} : undefined),
      maxPayload: 64 * 1024,
      accept: (socket, credential) => {
        keepAlive(socket);
        watchHub.attach(socket, credential);
      },
    } satisfies UpgradeRoute<object>,
    {
      name: '/api/consoles',
      match: matchConsole,
      maxPayload: 1024 * 1024,
      accept: (socket, credential, target) => {
        consoles.attach(socket, credential, target);
      },
    } satisfies UpgradeRoute<ConsoleTarget>,
  ] as UpgradeRoute<never>[];
  const origins = new Set([new URL(deps.baseUrl).origin, ...(deps.extraOrigins ?? [])]);
  const upgrade = createUpgradeRouter({
    allowedOrigins: origins,
    credentialOf,
    routes,
    metrics,
    logger,
  });

  return {
    app,
    upgrade,
    sessions,
    metrics,
    close: async () => {
      upgrade.close();
      consoles.close();
      await watchHub.close();
      upstream.close();
    },
  };
}
