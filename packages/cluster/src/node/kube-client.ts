import { request, type RequestOptions as HttpsOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { isJsonObject, type JsonObject } from '../apiserver/json.ts';

/** A failed API call: the HTTP status, and the Status message when the server sent one. */
export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string;

  constructor(code: number, reason: string, message: string) {
    super(message);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = reason;
  }
}

/** Whether an error is a {@link KubeApiError} with the given HTTP status. */
export function isApiError(error: unknown, code: number): boolean {
  return error instanceof KubeApiError && error.code === code;
}

/** The node agent's plain-JSON view of the API server (objects stay raw JSON, times stay strings). */
export interface KubeClient {
  readonly kubeConfig: KubeConfig;
  /** The API server's URL (for `KUBERNETES_SERVICE_HOST/PORT`). */
  readonly server: URL;
  /** Sends one request; resolves with the JSON answer, rejects with a {@link KubeApiError}. */
  call(method: string, path: string, options?: CallOptions): Promise<JsonObject>;
}

/** The body of a request and how it is encoded. */
export interface CallOptions {
  readonly body?: unknown;
  /** Defaults to `application/json`; patches name their own type. */
  readonly contentType?: string;
}

function errorFrom(status: number, text: string): KubeApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isJsonObject(parsed) && typeof parsed['message'] === 'string') {
    const reason = typeof parsed['reason'] === 'string' ? parsed['reason'] : '';
    return new KubeApiError(status, reason, parsed['message']);
  }
  return new KubeApiError(status, '', `HTTP ${status}: ${text.slice(0, 200)}`);
}

function parseAnswer(status: number, text: string): JsonObject {
  if (status < 200 || status >= 300) throw errorFrom(status, text);
  if (text === '') return {};
  const parsed: unknown = JSON.parse(text);
  return isJsonObject(parsed) ? parsed : {};
}

type RequestOptions = Omit<HttpsOptions, 'headers'> & { headers: Record<string, string> };

function withFieldManager(method: string, path: string, fieldManager: string): string {
  if (!['POST', 'PUT', 'PATCH'].includes(method) || path.includes('fieldManager=')) return path;
  return `${path}${path.includes('?') ? '&' : '?'}fieldManager=${encodeURIComponent(fieldManager)}`;
}

/**
 * Builds a {@link KubeClient} from a kubeconfig file (its current context). Writes carry
 * `fieldManager` (and it is the User-Agent).
 */
export function createKubeClient(kubeconfigPath: string, fieldManager: string): KubeClient {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null) throw new Error(`kubeconfig ${kubeconfigPath} has no current cluster`);
  const server = new URL(cluster.server);
  let template: Promise<RequestOptions> | undefined;
  const baseOptions = (): Promise<RequestOptions> => {
    template ??= (async () => {
      const opts: RequestOptions = { host: server.hostname, port: server.port, headers: {} };
      await kubeConfig.applyToHTTPSOptions(opts);
      return opts;
    })();
    return template;
  };
  const call = async (
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<JsonObject> => {
    const base = await baseOptions();
    const opts: RequestOptions = {
      ...base,
      method,
      path: withFieldManager(method, path, fieldManager),
      headers: { ...base.headers, Accept: 'application/json', 'User-Agent': fieldManager },
    };
    const raw = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (raw !== undefined) {
      opts.headers['Content-Type'] = options.contentType ?? 'application/json';
      opts.headers['Content-Length'] = String(Buffer.byteLength(raw));
    }
    return new Promise((resolve, reject) => {
      const req = request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve(parseAnswer(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(raw);
    });
  };
  return { kubeConfig, server, call };
}

/** `application/merge-patch+json`. */
export const mergePatch = 'application/merge-patch+json';
