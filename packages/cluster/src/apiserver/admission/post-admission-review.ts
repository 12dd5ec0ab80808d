import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Json, JsonObject } from '../json.ts';
import type { WebhookClientConfig } from './webhook-config.ts';
import { goNetworkError } from './go-network-error.ts';
import { WebhookCallFailure } from './webhook-errors.ts';

/** Routes a Service to an address this process can dial (the embedded cluster: a pod IP). */
export type ResolveService = (
  namespace: string,
  name: string,
  port: number,
) => Promise<{ host: string; port: number }> | { host: string; port: number };

interface Target {
  /** The URL as upstream prints it in errors, with the `timeout` query parameter. */
  readonly displayUrl: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly servername: string;
  readonly ca: string | undefined;
}

const maxResponseBytes = 10 * 1024 * 1024;

/** Waits for a value, or rejects with Go's deadline wording once `signal` aborts. */
function beforeDeadline<T>(value: Promise<T> | T, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      reject(new Error('context deadline exceeded'));
    };
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(value)
      .then(resolve, reject)
      .finally(() => {
        signal.removeEventListener('abort', onAbort);
      });
  });
}

async function resolveTarget(
  config: WebhookClientConfig,
  timeoutSeconds: number,
  resolveService: ResolveService,
  signal: AbortSignal,
): Promise<{ target: Target } | { displayUrl: string; failure: string }> {
  const query = `?timeout=${timeoutSeconds}s`;
  const ca = config.caBundle;
  if (config.service !== undefined) {
    const { namespace, name, path, port } = config.service;
    const servername = `${name}.${namespace}.svc`;
    const displayUrl = `https://${servername}:${port}${path}${query}`;
    try {
      const resolved = await beforeDeadline(resolveService(namespace, name, port), signal);
      return { target: { displayUrl, ...resolved, path: path + query, servername, ca } };
    } catch (error) {
      return { displayUrl, failure: error instanceof Error ? error.message : String(error) };
    }
  }
  if (config.url === undefined)
    throw new WebhookCallFailure('could not get REST client: no url or service in clientConfig');
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new WebhookCallFailure(
      `could not get REST client: invalid url ${JSON.stringify(config.url)}`,
    );
  }
  if (url.protocol !== 'https:')
    throw new WebhookCallFailure(
      `could not get REST client: 'https' is the only allowed URL scheme`,
    );
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? 443 : Number(url.port);
  const path = `${url.pathname}${query}`;
  const target: Target = {
    displayUrl: `${config.url}${query}`,
    host,
    port,
    path,
    servername: host,
    ca,
  };
  return { target };
}

function postOnce(
  target: Target,
  body: string,
  signal: AbortSignal,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: target.host,
        port: target.port,
        path: target.path,
        method: 'POST',
        ...(isIP(target.servername) === 0 ? { servername: target.servername } : {}),
        ...(target.ca === undefined ? {} : { ca: target.ca }),
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, */*',
          'content-length': Buffer.byteLength(body),
        },
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) {
            res.destroy(new Error(`the response is larger than ${maxResponseBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** client-go's wording for a non-2xx answer. */
function statusFailure(status: number, text: string): string {
  try {
    const parsed = JSON.parse(text) as { kind?: unknown; message?: unknown };
    if (parsed.kind === 'Status' && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not a Status: fall through to the generic wording
  }
  if (status >= 500)
    return `an error on the server (${JSON.stringify(text.trim().slice(0, 1024))}) has prevented the request from succeeding`;
  if (status === 404) return 'the server could not find the requested resource';
  return `the server rejected our request for an unknown reason (${status})`;
}

/**
 * POSTs an AdmissionReview to a webhook over HTTPS (the clientConfig's URL, or its Service
 * through `resolveService`, verified against caBundle with the Service's DNS name
 * `name.namespace.svc`), within `timeoutSeconds`. Resolves with the parsed answer; every
 * failure is a WebhookCallFailure worded like upstream's, e.g. `failed to call webhook: Post
 * "https://x.ns.svc:443/v?timeout=10s": context deadline exceeded`.
 */
export async function postAdmissionReview(options: {
  clientConfig: WebhookClientConfig;
  timeoutSeconds: number;
  review: JsonObject;
  resolveService: ResolveService;
}): Promise<Json> {
  const { clientConfig, timeoutSeconds, review, resolveService } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, timeoutSeconds * 1000);
  let displayUrl = '';
  try {
    const resolved = await resolveTarget(
      clientConfig,
      timeoutSeconds,
      resolveService,
      controller.signal,
    );
    if ('failure' in resolved) {
      displayUrl = resolved.displayUrl;
      throw new Error(resolved.failure);
    }
    const { target } = resolved;
    displayUrl = target.displayUrl;
    const answer = await postOnce(target, JSON.stringify(review), controller.signal).catch(
      (error: unknown) => {
        throw new Error(
          controller.signal.aborted
            ? 'context deadline exceeded'
            : goNetworkError(error, `${target.host}:${target.port}`),
        );
      },
    );
    if (answer.status < 200 || answer.status > 299)
      throw new WebhookCallFailure(
        `failed to call webhook: ${statusFailure(answer.status, answer.text)}`,
      );
    return parseBody(answer.text);
  } catch (error) {
    if (error instanceof WebhookCallFailure) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new WebhookCallFailure(
      `failed to call webhook: Post ${JSON.stringify(displayUrl)}: ${detail}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

function parseBody(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WebhookCallFailure(`failed to call webhook: the response is not JSON: ${detail}`);
  }
}
