import type {
  ClientRequest,
  IncomingMessage,
  ServerResponse,
  OutgoingHttpHeaders,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from '@podvisor/kube';
import { goNetworkError, type ResolveService } from '../admission/index.ts';
import type { ApiService } from './api-service.ts';
import {
  backendTarget,
  hostPort,
  type BackendTarget,
  type ProxyClientCert,
} from './backend-target.ts';
import { forwardedHeaders, type RemoteUser } from './remote-user.ts';

/** What proxying needs besides the request. */
export interface ProxyContext {
  readonly logger: Logger;
  readonly resolveService: ResolveService;
  readonly clientCert: ProxyClientCert;
}

const responseHopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'trailer',
  'te',
]);

/** Answers like Go's http.Error: text/plain, the message and a newline. */
export function plainError(res: ServerResponse, code: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(code, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  res.end(`${message}\n`);
}

/**
 * Resolves the backend of an available, non-local APIService; undefined after answering 503
 * `service unavailable` (as upstream does for an unavailable or unresolvable service).
 */
export async function targetOrUnavailable(
  ctx: ProxyContext,
  apiService: ApiService,
  fail: (code: number, message: string) => void,
): Promise<BackendTarget | undefined> {
  if (apiService.service === undefined) {
    fail(404, '404 page not found');
    return undefined;
  }
  if (!apiService.available) {
    fail(503, 'service unavailable');
    return undefined;
  }
  try {
    return await backendTarget({
      apiService,
      resolveService: ctx.resolveService,
      clientCert: ctx.clientCert,
    });
  } catch (error) {
    ctx.logger.warn({ apiService: apiService.name, err: String(error) }, 'cannot resolve service');
    fail(503, 'service unavailable');
    return undefined;
  }
}

function responseHeaders(upstream: IncomingMessage): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream.headers))
    if (value !== undefined && !responseHopByHop.has(name)) headers[name] = value;
  return headers;
}

/**
 * Forwards a request to an APIService's backend over HTTPS (method, path, query, body, headers
 * minus credentials, plus X-Remote-User/Group/Extra for `user`), streaming the answer back
 * unbuffered (watches work). 503 `service unavailable` when the APIService is not Available.
 */
/**
 * The request to an APIService's backend for an incoming one: same method and path, the
 * user in the X-Remote-* headers (the client's credentials dropped), the backend's TLS settings.
 */
export function backendRequest(
  target: BackendTarget,
  req: IncomingMessage,
  user: RemoteUser,
  upgrade: boolean,
): ClientRequest {
  const headers = forwardedHeaders({
    incoming: req.headers,
    user,
    remoteAddress: req.socket.remoteAddress,
    upgrade,
  });
  headers['host'] = `${target.serverName}:${target.port}`;
  return httpsRequest({
    host: target.host,
    port: target.port,
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers,
    ...target.tls,
  });
}

export async function proxyRequest(options: {
  ctx: ProxyContext;
  req: IncomingMessage;
  res: ServerResponse;
  apiService: ApiService;
  user: RemoteUser;
}): Promise<void> {
  const { ctx, req, res, apiService, user } = options;
  const target = await targetOrUnavailable(ctx, apiService, (code, message) => {
    plainError(res, code, message);
  });
  if (target === undefined) return;
  const upstream = backendRequest(target, req, user, false);
  upstream.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, responseHeaders(answer));
    res.flushHeaders();
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  upstream.on('error', (error) => {
    ctx.logger.debug({ apiService: apiService.name, err: error.message }, 'proxy error');
    plainError(res, 503, goNetworkError(error, hostPort(target.host, target.port)));
  });
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}
