import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse } from 'yaml';

/** An answer of the API server. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** A small HTTPS client for the embedded API server, configured from its kubeconfig. */
export interface ApiClient {
  /** Sends a request (a JSON body unless `body` is a string or Buffer with its own content type). */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; contentType?: string; token?: string | null },
  ): Promise<ApiResponse>;
  /** Opens a streaming GET (a watch); `onLine` receives each line; returns a function that closes it. */
  stream(path: string, onLine: (line: string) => void): () => void;
}

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { token: string } }[];
}

/** Builds an {@link ApiClient} from a kubeconfig written by `podvisor cluster`. */
export function apiClient(kubeconfigPath: string): ApiClient {
  const config = parse(readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig;
  const server = new URL(config.clusters[0]?.cluster.server ?? '');
  const ca = Buffer.from(config.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64');
  const token = config.users[0]?.user.token ?? '';
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca });
  const headersFor = (contentType: string, bearer: string | null): Record<string, string> => ({
    'Content-Type': contentType,
    ...(bearer === null ? {} : { Authorization: `Bearer ${bearer}` }),
  });
  return {
    call: (method, path, options = {}) =>
      new Promise((resolve, reject) => {
        const body = options.body;
        const raw =
          body === undefined
            ? undefined
            : typeof body === 'string' || Buffer.isBuffer(body)
              ? body
              : JSON.stringify(body);
        const headers = headersFor(
          options.contentType ?? 'application/json',
          options.token === undefined ? token : options.token,
        );
        const req = request(
          { host: server.hostname, port: server.port, method, path, headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                text: Buffer.concat(chunks).toString('utf8'),
              });
            });
          },
        );
        req.on('error', reject);
        req.end(raw);
      }),
    stream: (path, onLine) => {
      const req = request(
        {
          host: server.hostname,
          port: server.port,
          method: 'GET',
          path,
          headers: headersFor('application/json', token),
          agent: new Agent({ ca }),
        },
        (res) => {
          let buffer = '';
          res.on('data', (c: Buffer) => {
            buffer += c.toString('utf8');
            for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
              onLine(buffer.slice(0, nl));
              buffer = buffer.slice(nl + 1);
            }
          });
        },
      );
      req.on('error', () => undefined);
      req.end();
      return () => req.destroy();
    },
  };
}
