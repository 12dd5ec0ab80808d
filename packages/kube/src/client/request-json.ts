import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { ApiException, type KubeConfig } from '@kubernetes/client-node';

/** One raw JSON request to the API server. */
export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The API path, e.g. `/api/v1/namespaces/default/pods`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /** The body's media type; `application/json` by default. */
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/**
 * Sends one request to the API server of `kubeConfig`'s current context (its CA, client
 * certificate and token) and returns the parsed JSON body, untouched: timestamps stay strings,
 * as in watch events. A non-2xx answer throws client-node's `ApiException` with the HTTP status
 * as `code` and the raw body (usually a Status) as `body`.
 */
export async function requestJson(kubeConfig: KubeConfig, req: JsonRequest): Promise<unknown> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(cluster.server + req.path);
  for (const [name, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const headers: OutgoingHttpHeaders = { Accept: 'application/json' };
  const options: RequestOptions = { method: req.method, headers };
  await kubeConfig.applyToHTTPSOptions(options);
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  if (payload !== undefined) {
    headers['Content-Type'] = req.contentType ?? 'application/json';
    headers['Content-Length'] = Buffer.byteLength(payload);
  }
  if (req.signal) options.signal = req.signal;
  const { status, headers: answered, text } = await send(url, options, payload);
  if (status < 200 || status > 299) {
    throw new ApiException(
      status,
      `HTTP ${String(status)} from ${req.method} ${req.path}: ${text}`,
      text,
      flatHeaders(answered),
    );
  }
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

function send(
  url: URL,
  options: RequestOptions,
  payload: string | undefined,
): Promise<RawResponse> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
