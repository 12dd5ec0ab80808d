import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '@podvisor/kube';
import type { Credential } from '../upstream/credential.ts';
import { kubeStatus } from '../upstream/upstream-error.ts';
import type { BffMetrics } from '../metrics/bff-metrics.ts';
import { pathOf } from './request-context.ts';

/** One websocket endpoint: which paths it takes, and what to do with an accepted socket. */
export interface UpgradeRoute<P = unknown> {
  readonly name: string;
  /** The route's parameters when `path` is one of its paths. */
  match(path: string): P | undefined;
  /** Largest message the browser may send on it. */
  readonly maxPayload: number;
  accept(socket: WebSocket, credential: Credential, params: P): void;
}

/** Everything the upgrade router checks before a route sees a socket. */
export interface UpgradeRouterOptions {
  /** Exact origins (`scheme://host:port`) whose pages may open sockets; nothing else may. */
  readonly allowedOrigins: ReadonlySet<string>;
  /** The credential of the request's session; undefined when it has none. */
  readonly credentialOf: (req: IncomingMessage) => Credential | undefined;
  readonly routes: readonly UpgradeRoute<never>[];
  readonly metrics: BffMetrics;
  readonly logger: Logger;
}

/** Handles `server.on('upgrade')`: the returned function, plus `close()` for the live sockets. */
export interface UpgradeRouter {
  (req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

function refuse(socket: Duplex, code: number, message: string): void {
  const body = JSON.stringify(kubeStatus(code, message));
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[code] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${String(code)} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${String(Buffer.byteLength(body))}\r\n\r\n${body}`,
  );
}

/**
 * Routes websocket upgrades. Before any route sees a socket, the page's `Origin` must be on the
 * allow list (a page of another site cannot open a console or a watch with the user's cookie:
 * cross-site websocket hijacking) and the request must carry a session. A refusal is a plain HTTP
 * answer with a Kubernetes Status.
 */
export function createUpgradeRouter(options: UpgradeRouterOptions): UpgradeRouter {
  const servers = new Map<number, WebSocketServer>();
  const serverFor = (maxPayload: number): WebSocketServer => {
    let server = servers.get(maxPayload);
    if (server === undefined) {
      server = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
      servers.set(maxPayload, server);
    }
    return server;
  };
  const router = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const path = pathOf(req.url);
    const found = findRoute(options.routes, path);
    const count = (outcome: string): void => {
      options.metrics.upgrades.inc({ route: found?.route.name ?? 'none', outcome });
    };
    if (found === undefined) {
      count('not-found');
      refuse(socket, 404, `no websocket endpoint at ${path}`);
      return;
    }
    const origin = req.headers.origin;
    if (origin === undefined || !options.allowedOrigins.has(origin)) {
      count('forbidden-origin');
      options.logger.warn({ origin, path }, 'websocket from a foreign origin refused');
      refuse(socket, 403, `origin ${origin ?? '(none)'} may not open ${path}`);
      return;
    }
    const credential = options.credentialOf(req);
    if (credential === undefined) {
      count('unauthenticated');
      refuse(socket, 401, 'not signed in to the console');
      return;
    }
    count('accepted');
    serverFor(found.route.maxPayload).handleUpgrade(req, socket, head, (ws) => {
      found.route.accept(ws, credential, found.params as never);
    });
  };
  router.close = () => {
    for (const server of servers.values()) {
      for (const client of server.clients) client.terminate();
      server.close();
    }
  };
  return router;
}

function findRoute(
  routes: readonly UpgradeRoute<never>[],
  path: string,
): { route: UpgradeRoute<never>; params: unknown } | undefined {
  for (const route of routes) {
    const params = (route as UpgradeRoute).match(path);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}
