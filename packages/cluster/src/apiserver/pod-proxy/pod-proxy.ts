import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, request } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import type { Logger } from '@podvisor/kube';
import type { KubeObject } from '../json.ts';
import { statusErrors } from '../status-error.ts';
import { parseLogOptions } from '../../node/streaming/log-options.ts';
import type { StreamingCredentials } from '../../node/streaming/streaming-pki.ts';
import { asStatusError, rejectUpgrade } from '../http/upgrade-response.ts';
import { isStreamKind, podStreamTarget, type PodStreamTarget } from './pod-stream-target.ts';

/** How the API server reaches node streaming servers. */
export interface PodProxyOptions {
  /** The API server's client certificate for nodes, and the CA that verifies the nodes (see `proxyClientCredentials`). */
  readonly credentials: StreamingCredentials;
  readonly logger: Logger;
}

/** One pod stream request: the stored pod, the Node it is bound to (if found), and the query. */
export interface PodStreamRequest {
  readonly pod: KubeObject;
  readonly node: KubeObject | undefined;
  /** `log`, `exec`, `attach` or `portforward`. */
  readonly subresource: string;
  readonly query: URLSearchParams;
}

/** The API server's side of the pod streaming subresources. */
export interface PodProxy {
  /**
   * Answers `GET pods/{name}/log` from the pod's node, streaming (headers flushed at once, each
   * chunk written as it arrives). Rejects with a StatusError before anything is sent.
   */
  proxyLog(req: IncomingMessage, res: ServerResponse, stream: PodStreamRequest): Promise<void>;
  /**
   * Tunnels an upgrade request for `pods/{name}/exec|attach|portforward` (websocket, or SPDY/3.1
   * for port-forward) to the pod's node, byte for byte once sent. A refusal is written on the
   * socket as an HTTP response with a Status.
   */
  proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, stream: PodStreamRequest): void;
  /** Ends every open tunnel and log stream. */
  close(): void;
}

/** Request headers not passed to the node: the client's credentials and hop-by-hop routing. */
const droppedHeaders = new Set(['host', 'authorization', 'proxy-authorization', 'cookie']);

function keptHeaders(req: IncomingMessage): string[] {
  const lines: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const lower = name.toLowerCase();
    if (droppedHeaders.has(lower) || lower.startsWith('impersonate-')) continue;
    lines.push(`${name}: ${raw[i + 1] ?? ''}`);
  }
  return lines;
}

function resolveTarget(stream: PodStreamRequest, kinds: readonly string[]): PodStreamTarget {
  const kind = stream.subresource;
  if (!isStreamKind(kind) || !kinds.includes(kind))
    throw statusErrors.badRequest(`pods/${kind} is not a streaming subresource here`);
  return podStreamTarget(stream.pod, stream.node, { kind, query: stream.query });
}

function unreachable(target: PodStreamTarget, error: Error): Error {
  return statusErrors.serviceUnavailable(
    `the node streaming server at ${target.endpoint.host}:${target.endpoint.port} is not reachable: ${error.message}`,
  );
}

/** Writes the upgrade request to the node, then pipes both ways. */
function tunnel(
  upstream: TLSSocket,
  call: { req: IncomingMessage; socket: Duplex; head: Buffer; target: PodStreamTarget },
): void {
  const { req, socket, head, target } = call;
  const lines = [
    `${req.method ?? 'GET'} ${target.path} HTTP/1.1`,
    `Host: ${target.endpoint.host}:${target.endpoint.port}`,
    ...keptHeaders(req),
  ];
  upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (head.length > 0) upstream.write(head);
  upstream.pipe(socket);
  socket.pipe(upstream);
  upstream.on('close', () => socket.destroy());
  socket.on('close', () => upstream.destroy());
  socket.on('error', () => upstream.destroy());
}

/**
 * Creates the API server's proxy to node streaming servers over mutual TLS (the cluster CA on both
 * sides; the node accepts only the `podvisor-apiserver-node-client` certificate).
 */
export function createPodProxy(options: PodProxyOptions): PodProxy {
  const { credentials } = options;
  const logger = options.logger.child({ component: 'pod-proxy' });
  const tls = { ca: credentials.ca, cert: credentials.cert, key: credentials.key };
  const agent = new Agent({ ...tls, keepAlive: true });
  const open = new Set<Duplex>();
  const track = (socket: Duplex): void => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  };

  const proxyLog = (req: IncomingMessage, res: ServerResponse, stream: PodStreamRequest) =>
    new Promise<void>((resolve, reject) => {
      const target = resolveTarget(stream, ['log']);
      const podName = stream.pod.metadata['name'];
      parseLogOptions(stream.query, {
        pod: typeof podName === 'string' ? podName : '',
        now: Date.now(),
      });
      const { host, port } = target.endpoint;
      const upstream = request(
        { host, port, path: target.path, method: 'GET', agent, headers: { Accept: '*/*' } },
        (nodeRes) => {
          res.writeHead(nodeRes.statusCode ?? 502, {
            'Content-Type': nodeRes.headers['content-type'] ?? 'text/plain',
            'Cache-Control': 'no-cache',
          });
          res.flushHeaders();
          nodeRes.pipe(res);
          nodeRes.on('end', resolve);
          nodeRes.on('error', () => {
            res.destroy();
            resolve();
          });
        },
      );
      upstream.on('error', (error) => {
        if (res.headersSent) res.destroy();
        reject(unreachable(target, error));
      });
      res.on('close', () => {
        upstream.destroy();
        resolve();
      });
      upstream.end();
      logger.debug({ path: target.path, method: req.method }, 'proxying pod log');
    });

  return {
    proxyLog: (req, res, stream) =>
      proxyLog(req, res, stream).catch((error: unknown) => {
        throw asStatusError(error);
      }),
    proxyUpgrade: (req, socket, head, stream) => {
      let target: PodStreamTarget;
      try {
        target = resolveTarget(stream, ['exec', 'attach', 'portforward']);
      } catch (error) {
        rejectUpgrade(socket, asStatusError(error));
        return;
      }
      track(socket);
      const upstream = connect({ host: target.endpoint.host, port: target.endpoint.port, ...tls });
      track(upstream);
      let connected = false;
      upstream.once('secureConnect', () => {
        connected = true;
        tunnel(upstream, { req, socket, head, target });
      });
      upstream.on('error', (error: Error) => {
        if (connected) socket.destroy();
        else rejectUpgrade(socket, asStatusError(unreachable(target, error)));
      });
      logger.debug({ path: target.path }, 'proxying pod upgrade');
    },
    close: () => {
      for (const socket of open) socket.destroy();
      agent.destroy();
    },
  };
}
