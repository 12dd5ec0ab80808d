import { access as fileAccess } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '@podvisor/kube';
import { statusErrors } from '../../apiserver/status-error.ts';
import type { ContainerAccess } from '../container-access.ts';
import { parseLogOptions } from './log-options.ts';
import { streamLogFile } from './log-stream.ts';
import { proxyClientName } from './streaming-pki.ts';
import { parseNodeStreamPath, type StreamTarget } from './streaming-paths.ts';
import { asStatusError, rejectUpgrade } from '../../apiserver/http/upgrade-response.ts';
import { createUpgradeHandler, type PodPortConnector } from './upgrade-handler.ts';

/** How a node's streaming server is built. */
export interface StreamingServerOptions {
  /** The node's serving key and certificate, and the cluster CA that signs the API server's client certificate. */
  readonly tls: { readonly key: string; readonly cert: string; readonly ca: string };
  readonly access: ContainerAccess;
  readonly logger: Logger;
  /** The client certificate common name allowed in (default: {@link proxyClientName}). */
  readonly clientName?: string;
  /** How often followed log files are polled (default 200 ms). */
  readonly pollMs?: number;
  /** How port-forward reaches a pod (default: TCP to the `podIP` the API server passes). */
  readonly portForward?: PodPortConnector;
}

/** A node's streaming server (logs, exec, attach, port-forward), as the API server reaches it. */
export interface StreamingServer {
  /** Starts listening and resolves with the port (0: any free port). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops listening and ends every open stream. */
  close(): Promise<void>;
}

/** Throws unless the request comes over mutual TLS from the API server's client certificate. */
export function authorizeClient(req: IncomingMessage, clientName: string): void {
  const socket = req.socket as TLSSocket;
  const subject = socket.authorized ? socket.getPeerCertificate().subject : undefined;
  const name: unknown = subject?.CN;
  if (name !== clientName)
    throw statusErrors.forbidden('only the API server may use the node streaming endpoints');
}

function writer(res: ServerResponse): (chunk: Buffer) => Promise<void> {
  return (chunk) =>
    new Promise((resolve) => {
      if (res.write(chunk) || res.destroyed) {
        resolve();
        return;
      }
      const done = (): void => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
}

async function serveLogs(
  options: StreamingServerOptions,
  call: { target: StreamTarget; query: URLSearchParams; res: ServerResponse },
): Promise<void> {
  const { access } = options;
  const { target, res } = call;
  const { podUid, container, pod } = target;
  const logOptions = parseLogOptions(call.query, { pod, now: Date.now() });
  const path = access.logFile(podUid, container, logOptions.previous);
  const readable =
    path !== undefined &&
    (await fileAccess(path).then(
      () => true,
      () => false,
    ));
  if (!readable) {
    throw statusErrors.badRequest(
      logOptions.previous
        ? `previous terminated container "${container}" in pod "${pod}" not found`
        : `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`,
    );
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  const aborted = new AbortController();
  res.on('close', () => {
    aborted.abort();
  });
  const stillWriting = (): boolean =>
    !logOptions.previous &&
    access.isRunning(podUid, container) &&
    access.logFile(podUid, container, false) === path;
  await streamLogFile(
    {
      path,
      options: logOptions,
      stillWriting,
      signal: aborted.signal,
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    },
    writer(res),
  );
  res.end();
}

async function serveRequest(
  options: StreamingServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  authorizeClient(req, options.clientName ?? proxyClientName);
  const parsed = parseNodeStreamPath(req.url ?? '/');
  if (parsed === undefined) throw statusErrors.pathNotFound();
  if (parsed.target.kind !== 'log') throw statusErrors.badRequest('Upgrade request required');
  if (req.method !== 'GET') throw statusErrors.methodNotAllowed('pods/log accepts only GET');
  await serveLogs(options, { ...parsed, res });
}

function fail(res: ServerResponse, error: unknown, logger: Logger): void {
  const status = asStatusError(error);
  if (status.code >= 500) logger.error({ err: error }, 'streaming request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(status.toStatus());
  res.writeHead(status.code, { 'Content-Type': 'application/json' });
  res.end(body);
}

/**
 * Creates a node's HTTPS streaming server, the node half of `pods/log`, `pods/exec`,
 * `pods/attach` and `pods/portforward` (paths in `streaming-paths.ts`). Only the API server gets
 * in: TLS requires a client certificate signed by the cluster CA, with the common name
 * `clientName`.
 */
export function createStreamingServer(options: StreamingServerOptions): StreamingServer {
  const logger = options.logger.child({ component: 'node-streaming' });
  const server = createServer(
    {
      key: options.tls.key,
      cert: options.tls.cert,
      ca: options.tls.ca,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      serveRequest(options, req, res).catch((error: unknown) => {
        fail(res, error, logger);
      });
    },
  );
  server.requestTimeout = 0;
  server.timeout = 0;
  const upgrades = createUpgradeHandler({ ...options, logger });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    Promise.resolve()
      .then(async () => {
        authorizeClient(req, options.clientName ?? proxyClientName);
        await upgrades.handle(req, socket, head);
      })
      .catch((error: unknown) => {
        rejectUpgrade(socket, asStatusError(error));
      });
  });
  return {
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        upgrades.close();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
