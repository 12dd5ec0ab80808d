import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/create-logger.ts';

/** Options of {@link serveMetrics}. */
export interface ServeMetricsOptions {
  /** The address to listen on, e.g. `0.0.0.0` in a pod or `127.0.0.1` in tests. */
  readonly host: string;
  /** The port; 0 picks a free one (read it from the result). */
  readonly port: number;
  /** The metrics served on `/metrics`. */
  readonly registry: Registry;
  readonly logger: Logger;
  /** Whether `/readyz` answers 200 (else 503); always ready when absent. */
  readonly ready?: () => boolean;
}

/** A listening metrics server. */
export interface MetricsServer {
  /** The port it listens on (the one picked when asked for 0). */
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves a process's plain-HTTP observability endpoints: `/metrics` (the registry in the
 * Prometheus text format), `/healthz` (200 while the process answers) and `/readyz` (200 when
 * `ready()` says so, else 503). Other paths get 404, other methods than GET and HEAD 405.
 */
export async function serveMetrics(options: ServeMetricsOptions): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    answer(options, request, response).catch((error: unknown) => {
      options.logger.error({ err: error, path: request.url }, 'metrics request failed');
      send(response, 500, 'internal error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => {
    options.logger.error({ err: error }, 'metrics server error');
  });
  const { port } = server.address() as AddressInfo;
  options.logger.info({ host: options.host, port }, 'serving /metrics, /healthz and /readyz');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

async function answer(
  options: ServeMetricsOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, 'method not allowed\n');
    return;
  }
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  switch (path) {
    case '/metrics': {
      const text = await options.registry.metrics();
      send(response, 200, text, options.registry.contentType);
      return;
    }
    case '/healthz':
      send(response, 200, 'ok\n');
      return;
    case '/readyz': {
      const ready = options.ready?.() ?? true;
      send(response, ready ? 200 : 503, ready ? 'ok\n' : 'not ready\n');
      return;
    }
    default:
      send(response, 404, 'not found\n');
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
