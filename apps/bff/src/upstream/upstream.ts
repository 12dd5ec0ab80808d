import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Credential } from './credential.ts';
import { UpstreamError, statusFromBody } from './upstream-error.ts';

/** One request to the API server. */
export interface UpstreamRequest {
  readonly method: string;
  /** The path with its query string, e.g. `/api/v1/namespaces/default/pods?watch=1`. */
  readonly path: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly signal?: AbortSignal;
}

/** One JSON request to the API server. */
export interface UpstreamJsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  /** The body's media type; `application/json` by default. */
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/** What a websocket dial to the API server needs: its base URL (wss:) and TLS and auth options. */
export interface UpstreamDial {
  /** `wss://host:port` (or `ws://`), to which the caller appends the path. */
  readonly base: string;
  readonly headers: Record<string, string | string[]>;
  readonly ca?: RequestOptions['ca'];
  readonly cert?: RequestOptions['cert'];
  readonly key?: RequestOptions['key'];
  readonly rejectUnauthorized: boolean;
}

/** The API server, reached as whichever credential a request names. */
export interface Upstream {
  /** The API server's base URL. */
  readonly server: URL;
  /**
   * Opens a raw request as `credential`; the caller writes the body, ends the request and reads
   * the `response` event. TLS and auth come from the kubeconfig and the credential.
   */
  open(credential: Credential, request: UpstreamRequest): Promise<ClientRequest>;
  /** Sends a JSON request and parses the answer; a non-2xx answer throws {@link UpstreamError}. */
  json(credential: Credential, request: UpstreamJsonRequest): Promise<unknown>;
  /** Options to dial a websocket on the API server as `credential`. */
  dial(credential: Credential): Promise<UpstreamDial>;
  /** Closes idle keep-alive connections. */
  close(): void;
}

function applyCredential(options: RequestOptions, credential: Credential): void {
  const headers = (options.headers ?? {}) as OutgoingHttpHeaders;
  options.headers = headers;
  if (credential.kind === 'bearer') {
    // The user's token replaces whatever the kubeconfig user would have sent, certificates too.
    delete options.cert;
    delete options.key;
    delete options.pfx;
    delete options.passphrase;
    headers['Authorization'] = `Bearer ${credential.token}`;
    return;
  }
  if (credential.kind === 'impersonate') {
    headers['Impersonate-User'] = credential.user;
    if (credential.groups.length > 0) headers['Impersonate-Group'] = [...credential.groups];
  }
}

/**
 * The API server of `kubeConfig`'s current context. Requests reuse keep-alive connections; the
 * kubeconfig's credential is re-applied on each request, so rotating token files keep working.
 */
export function createUpstream(kubeConfig: KubeConfig): Upstream {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = new URL(cluster.server);
  const secure = server.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });

  async function optionsFor(credential: Credential): Promise<RequestOptions> {
    const options: RequestOptions = {};
    await kubeConfig.applyToHTTPSOptions(options);
    applyCredential(options, credential);
    return options;
  }

  async function open(credential: Credential, req: UpstreamRequest): Promise<ClientRequest> {
    const options = await optionsFor(credential);
    const url = new URL(req.path, server);
    const headers = { ...req.headers, ...(options.headers as OutgoingHttpHeaders) };
    const send = secure ? httpsRequest : httpRequest;
    return send(url, {
      ...options,
      agent,
      method: req.method,
      headers,
      ...(req.signal ? { signal: req.signal } : {}),
    });
  }

  async function json(credential: Credential, req: UpstreamJsonRequest): Promise<unknown> {
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: OutgoingHttpHeaders = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const request = await open(credential, {
      method: req.method,
      path: req.path,
      headers,
      ...(req.signal ? { signal: req.signal } : {}),
    });
    const { code, text } = await answer(request, payload);
    if (code < 200 || code > 299) throw new UpstreamError(statusFromBody(code, text));
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  async function dial(credential: Credential): Promise<UpstreamDial> {
    const options = await optionsFor(credential);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (typeof value === 'string' || Array.isArray(value)) headers[name] = value;
      else if (typeof value === 'number') headers[name] = String(value);
    }
    return {
      base: `${secure ? 'wss' : 'ws'}://${server.host}`,
      headers,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(options.cert === undefined ? {} : { cert: options.cert }),
      ...(options.key === undefined ? {} : { key: options.key }),
      rejectUnauthorized: options.rejectUnauthorized !== false,
    };
  }

  return {
    server,
    open,
    json,
    dial,
    close: () => {
      agent.destroy();
    },
  };
}

function answer(
  request: ClientRequest,
  payload: string | undefined,
): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    request.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        resolve({ code: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}
