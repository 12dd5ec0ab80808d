import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { serverErrorFrom } from './server-error.ts';

/** KubeVirt's only websocket subprotocol: one binary byte stream, no channels. */
export const plainSubprotocol = 'plain.kubevirt.io';

/** The subresource API's base path. */
export const subresourceApiPath = '/apis/subresources.kubevirt.io/v1';

/** Which object a subresource hangs off. */
export type SubresourceTarget = 'virtualmachines' | 'virtualmachineinstances';

/** `/apis/subresources.kubevirt.io/v1/namespaces/{ns}/{target}/{name}/{subresource}`. */
export function subresourcePath(options: {
  namespace: string;
  target: SubresourceTarget;
  name: string;
  subresource: string;
}): string {
  const { namespace, target, name, subresource } = options;
  const ns = encodeURIComponent(namespace);
  return `${subresourceApiPath}/namespaces/${ns}/${target}/${encodeURIComponent(name)}/${subresource}`;
}

/** A successful answer's body and media type. */
export interface RawAnswer {
  readonly body: Buffer;
  readonly contentType: string | undefined;
}

/** Calls the subresource API through the API server with the kubeconfig's credentials and CA. */
export interface SubresourceClient {
  /** PUT with an optional JSON body; resolves on 2xx, else rejects with a ServerError. */
  put(path: string, body?: unknown): Promise<RawAnswer>;
  /** GET; resolves with the body on 2xx, else rejects with a ServerError. */
  get(path: string, query?: Readonly<Record<string, string>>): Promise<RawAnswer>;
  /**
   * Opens a websocket with subprotocol `plain.kubevirt.io`; resolves once it is open (binary
   * messages as Buffers), rejects with a ServerError when the upgrade is refused.
   */
  openStream(path: string): Promise<WebSocket>;
}

function urlOf(kubeConfig: KubeConfig, path: string): URL {
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null) throw new Error('the kubeconfig has no current cluster');
  return new URL(cluster.server.replace(/\/+$/, '') + path);
}

function readBody(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', reject);
    response.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
  });
}

async function send(
  kubeConfig: KubeConfig,
  request: { method: 'GET' | 'PUT'; url: URL; payload?: string },
): Promise<RawAnswer> {
  const headers: OutgoingHttpHeaders = { Accept: 'application/json, */*' };
  const options: RequestOptions = { method: request.method, headers };
  await kubeConfig.applyToHTTPSOptions(options);
  if (request.payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = Buffer.byteLength(request.payload);
  }
  const call = request.url.protocol === 'http:' ? httpRequest : httpsRequest;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = call(request.url, options, resolve);
    req.on('error', reject);
    req.end(request.payload);
  });
  const body = await readBody(response);
  const code = response.statusCode ?? 0;
  if (code < 200 || code > 299) throw serverErrorFrom(code, body.toString('utf8'));
  return { body, contentType: response.headers['content-type'] };
}

async function openStream(kubeConfig: KubeConfig, path: string): Promise<WebSocket> {
  const url = urlOf(kubeConfig, path);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  const options: WebSocket.ClientOptions & RequestOptions = { headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  const socket = new WebSocket(url, [plainSubprotocol], options);
  socket.binaryType = 'nodebuffer';
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      resolve(socket);
    });
    socket.once('error', reject);
    socket.once('unexpected-response', (req, response) => {
      // Destroying the handshake request may still report an error: nobody waits for it now.
      socket.on('error', () => undefined);
      readBody(response).then(
        (body) => {
          reject(serverErrorFrom(response.statusCode ?? 0, body.toString('utf8')));
          req.destroy();
        },
        (error: unknown) => {
          reject(error instanceof Error ? error : new Error(String(error)));
          req.destroy();
        },
      );
    });
  });
}

/** A client for the subresource API of `kubeConfig`'s current context. */
export function createSubresourceClient(kubeConfig: KubeConfig): SubresourceClient {
  return {
    put: (path, body) =>
      send(kubeConfig, {
        method: 'PUT',
        url: urlOf(kubeConfig, path),
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      }),
    get: (path, query = {}) => {
      const url = urlOf(kubeConfig, path);
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      return send(kubeConfig, { method: 'GET', url });
    },
    openStream: (path) => openStream(kubeConfig, path),
  };
}
