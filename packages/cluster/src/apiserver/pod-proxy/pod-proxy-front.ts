import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../json.ts';
import { StatusError } from '../status-error.ts';
import { apiClient, type ApiClient } from '../../testing/api-client.ts';
import { asStatusError, rejectUpgrade } from '../http/upgrade-response.ts';
import type { PodProxy, PodStreamRequest } from './pod-proxy.ts';
import { parsePodStreamPath } from './pod-stream-path.ts';

/** A front server for tests: the pod streams through a {@link PodProxy}, everything else to the API server. */
export interface PodProxyFront {
  readonly url: string;
  /** A copy of the cluster's kubeconfig that points at the front. */
  readonly kubeconfigPath: string;
  close(): Promise<void>;
}

async function fetchObject(api: ApiClient, path: string, token: string): Promise<KubeObject> {
  const answer = await api.call('GET', path, { token });
  const body = JSON.parse(answer.text) as KubeObject & { code?: number; message?: string };
  if (answer.status !== 200)
    throw new StatusError(answer.status, 'NotFound', body.message ?? answer.text);
  return body;
}

/** The pod and its node, read with the caller's own token (so the API server authenticates it). */
async function lookUp(
  api: ApiClient,
  req: IncomingMessage,
  url: string,
): Promise<PodStreamRequest | undefined> {
  const parsed = parsePodStreamPath(url);
  if (parsed === undefined) return undefined;
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const pod = await fetchObject(
    api,
    `/api/v1/namespaces/${parsed.namespace}/pods/${parsed.name}`,
    token,
  );
  const spec = pod['spec'] as { nodeName?: string } | undefined;
  const node =
    spec?.nodeName === undefined
      ? undefined
      : await fetchObject(api, `/api/v1/nodes/${spec.nodeName}`, token).catch(() => undefined);
  return { pod, node, subresource: parsed.subresource, query: parsed.query };
}

function forward(target: URL, ca: Buffer, req: IncomingMessage, res: ServerResponse): void {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
      ca,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.flushHeaders();
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

function sendFailure(res: ServerResponse, error: unknown): void {
  const status = asStatusError(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status.code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(status.toStatus()));
}

/**
 * Starts an HTTPS front with the API server's certificate: `pods/{name}/log` and the upgrades of
 * `exec|attach|portforward` go through the pod proxy (as the API server will route them), every
 * other request is forwarded to the API server.
 */
export async function startPodProxyFront(options: {
  dataDir: string;
  apiUrl: string;
  kubeconfigPath: string;
  proxy: PodProxy;
}): Promise<PodProxyFront> {
  const pki = join(options.dataDir, 'pki');
  const ca = readFileSync(join(pki, 'ca.crt'));
  const api = apiClient(options.kubeconfigPath);
  const target = new URL(options.apiUrl);
  const server = createServer(
    {
      key: readFileSync(join(pki, 'apiserver.key')),
      cert: readFileSync(join(pki, 'apiserver.crt')),
    },
    (req, res) => {
      const url = req.url ?? '/';
      if (parsePodStreamPath(url)?.subresource !== 'log') {
        forward(target, ca, req, res);
        return;
      }
      lookUp(api, req, url)
        .then(async (stream) => {
          if (stream !== undefined) await options.proxy.proxyLog(req, res, stream);
        })
        .catch((error: unknown) => {
          sendFailure(res, error);
        });
    },
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    lookUp(api, req, req.url ?? '/')
      .then((stream) => {
        if (stream === undefined) socket.destroy();
        else options.proxy.proxyUpgrade(req, socket, head, stream);
      })
      .catch((error: unknown) => {
        rejectUpgrade(socket, asStatusError(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfigPath = join(options.dataDir, 'front-kubeconfig');
  writeFileSync(
    kubeconfigPath,
    readFileSync(options.kubeconfigPath, 'utf8').replace(options.apiUrl, url),
    { mode: 0o600 },
  );
  return {
    url,
    kubeconfigPath,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
