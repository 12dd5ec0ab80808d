import { once } from 'node:events';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '@podvisor/kube';
import type { AdmissionHandler } from './admission-handlers.ts';
import type { AsyncAdmissionHandler } from './eviction/index.ts';
import {
  AdmissionReviewError,
  admissionReviewResponse,
  parseAdmissionReview,
} from './admission-review.ts';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  subresourceGroup,
  subresourceGroupVersion,
  versionInfo,
} from './discovery.ts';
import { BodyError, readJsonBody, sendJson, sendStatus } from './http-json.ts';
import {
  authenticateRequestHeader,
  type RemoteUser,
  type RequestHeaderConfig,
} from './request-header-auth.ts';
import { Router, type RouteHandler } from './router.ts';

/** What {@link startVirtApi} needs. */
export interface VirtApiOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The address to listen on; all interfaces when absent. */
  readonly host?: string;
  /** The serving certificate and key (PEM). */
  readonly serving: { readonly cert: string; readonly key: string };
  readonly logger: Logger;
  /** Webhook handlers by path (from `admissionHandlers`, plus the eviction interceptor). */
  readonly admission: ReadonlyMap<string, AdmissionHandler | AsyncAdmissionHandler>;
  /** The current requestheader settings; `undefined` until loaded (every `/apis` request is then 401). */
  readonly requestHeader: () => RequestHeaderConfig | undefined;
  /** Whether `/readyz` answers 200 (default: always). */
  readonly ready?: () => boolean;
  /** The `gitVersion` of the `version` endpoint. */
  readonly version?: string;
}

/** One HTTP upgrade (websocket) request; `user` is set on authenticated (`/apis/…`) paths. */
export interface UpgradeContext {
  readonly req: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly url: URL;
  readonly user: RemoteUser | undefined;
}

/** Serves upgrades; it owns the socket (answers a refusal on it itself). */
export type UpgradeHandler = (context: UpgradeContext) => Promise<void>;

/** A running virt-api. */
export interface VirtApi {
  readonly port: number;
  /** Add routes here (`subresources.kubevirt.io` paths are authenticated before routing). */
  readonly router: Router;
  /** Serves HTTP upgrades (authenticated like `/apis` requests); without one, upgrades get 404. */
  setUpgradeHandler(handler: UpgradeHandler): void;
  /** Offers `clientCa` (PEM) as the acceptable client-certificate issuers of new TLS connections. */
  setClientCa(clientCa: string | undefined): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** Paths that only the API server (its front-proxy client certificate) may call. */
function isAggregatedPath(path: string): boolean {
  return path === '/apis' || path.startsWith('/apis/');
}

function admissionRoute(
  handler: AdmissionHandler | AsyncAdmissionHandler,
  logger: Logger,
): RouteHandler {
  return async ({ req, res, url }) => {
    let request;
    try {
      request = parseAdmissionReview(await readJsonBody(req));
    } catch (error) {
      if (error instanceof BodyError) sendStatus(res, error.code, error.message);
      else if (error instanceof AdmissionReviewError) sendStatus(res, 400, error.message);
      else throw error;
      return;
    }
    const decision = await handler(request);
    logger.debug(
      {
        path: url.pathname,
        operation: request.operation,
        namespace: request.namespace,
        name: request.name,
        allowed: decision.allowed,
        ...(decision.allowed
          ? { patchOps: decision.patch?.length ?? 0 }
          : { status: decision.status }),
      },
      'admission review',
    );
    sendJson(res, 200, admissionReviewResponse(request.uid, decision));
  };
}

function json(body: () => unknown): RouteHandler {
  return ({ res }) => {
    sendJson(res, 200, body());
  };
}

function plain(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

function builtInRoutes(options: VirtApiOptions): Router {
  const ready = options.ready ?? (() => true);
  const router = new Router()
    .add('GET', '/healthz', ({ res }) => {
      plain(res, 200, 'ok');
    })
    .add('GET', '/readyz', ({ res }) => {
      if (ready()) plain(res, 200, 'ok');
      else plain(res, 503, 'not ready');
    })
    .add('GET', '/apis', json(apiGroupList))
    .add('GET', `/apis/${subresourceGroup}`, json(apiGroup))
    .add('GET', `/apis/${subresourceGroupVersion}`, json(apiResourceList))
    .add(
      'GET',
      `/apis/${subresourceGroupVersion}/version`,
      json(() => versionInfo(options.version ?? 'v0.1.0')),
    )
    .add('GET', `/apis/${subresourceGroupVersion}/healthz`, ({ res }) => {
      sendJson(res, ready() ? 200 : 503, {
        apiserver: { connectivity: ready() ? 'ok' : 'failed' },
      });
    });
  for (const [path, handler] of options.admission) {
    router.add('POST', path, admissionRoute(handler, options.logger));
  }
  return router;
}

function authenticate(
  options: VirtApiOptions,
  req: IncomingMessage,
): { user: RemoteUser } | { reason: string } {
  const result = authenticateRequestHeader({
    config: options.requestHeader(),
    peerCertificate: (req.socket as TLSSocket).getPeerX509Certificate(),
    headers: req.headersDistinct,
  });
  return result.user === undefined ? { reason: result.reason } : { user: result.user };
}

async function serve(
  options: VirtApiOptions,
  router: Router,
  call: { req: IncomingMessage; res: ServerResponse },
): Promise<void> {
  const { req, res } = call;
  const url = new URL(req.url ?? '/', 'https://virt-api');
  let user: RemoteUser | undefined;
  if (isAggregatedPath(url.pathname)) {
    const auth = authenticate(options, req);
    if ('reason' in auth) {
      options.logger.debug({ path: url.pathname, reason: auth.reason }, 'unauthenticated request');
      sendStatus(res, 401, 'Unauthorized');
      return;
    }
    user = auth.user;
  }
  const match = router.match(req.method ?? 'GET', url.pathname);
  if (match.kind === 'found') {
    await match.handler({ req, res, url, params: match.params, user });
  } else if (match.kind === 'method-not-allowed') {
    res.setHeader('Allow', match.allowed.join(', '));
    sendStatus(res, 405, `${req.method ?? ''} is not supported on ${url.pathname}`);
  } else {
    sendStatus(res, 404, 'the server could not find the requested resource');
  }
}

/** Answers an upgrade that is not served with a Status, then closes the connection. */
function refuseUpgrade(socket: Duplex, code: number, message: string): void {
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: code === 401 ? 'Unauthorized' : 'NotFound',
    code,
  });
  const head = `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  socket.end(head + body);
}

async function serveUpgrade(
  options: VirtApiOptions,
  handler: UpgradeHandler | undefined,
  call: { req: IncomingMessage; socket: Duplex; head: Buffer },
): Promise<void> {
  const url = new URL(call.req.url ?? '/', 'https://virt-api');
  let user: RemoteUser | undefined;
  if (isAggregatedPath(url.pathname)) {
    const auth = authenticate(options, call.req);
    if ('reason' in auth) {
      options.logger.debug({ path: url.pathname, reason: auth.reason }, 'unauthenticated upgrade');
      refuseUpgrade(call.socket, 401, 'Unauthorized');
      return;
    }
    user = auth.user;
  }
  if (handler === undefined) {
    refuseUpgrade(call.socket, 404, 'the server could not find the requested resource');
    return;
  }
  await handler({ ...call, url, user });
}

/**
 * Starts virt-api's HTTPS server: `/healthz` and `/readyz`; the admission webhooks (POST, not
 * client-authenticated, as in KubeVirt); and, for the API server only (its front-proxy client
 * certificate and X-Remote-* headers, else 401), the discovery documents of
 * `subresources.kubevirt.io/v1` with its `version` and `healthz`. The `router` takes more routes.
 * A handler failure is answered 500 and logged; the server never crashes on a request.
 */
export async function startVirtApi(options: VirtApiOptions): Promise<VirtApi> {
  const router = builtInRoutes(options);
  const tlsOptions = (clientCa: string | undefined): Record<string, unknown> => ({
    cert: options.serving.cert,
    key: options.serving.key,
    ...(clientCa === undefined ? {} : { ca: clientCa }),
  });
  const server: Server = createServer(
    {
      ...tlsOptions(options.requestHeader()?.clientCa),
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      serve(options, router, { req, res }).catch((error: unknown) => {
        options.logger.error({ err: error, path: req.url }, 'request failed');
        if (res.headersSent) res.destroy();
        else sendStatus(res, 500, 'an internal error occurred');
      });
    },
  );
  let upgradeHandler: UpgradeHandler | undefined;
  // Upgraded connections leave the HTTP server: close() ends them itself.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    socket.on('error', () => socket.destroy());
    serveUpgrade(options, upgradeHandler, { req, socket, head }).catch((error: unknown) => {
      options.logger.error({ err: error, path: req.url }, 'upgrade failed');
      socket.destroy();
    });
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port, host: options.host ?? 'all interfaces' }, 'virt-api listening');
  return {
    port,
    router,
    setClientCa(clientCa) {
      server.setSecureContext(tlsOptions(clientCa));
    },
    setUpgradeHandler(handler) {
      upgradeHandler = handler;
    },
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      for (const socket of upgraded) socket.destroy();
      await closed;
    },
  };
}
