import { Agent, request } from 'node:https';
import { kubectlEnv, runCommand } from '../podvisor-cli.ts';

/** An answer of the API server. */
export interface KubeAnswer {
  readonly status: number;
  readonly text: string;
}

/** How to send one request with {@link KubeApi.call}. */
export interface KubeRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** Defaults to `application/json`. */
  readonly contentType?: string;
}

/** A small keep-alive HTTPS client for the API server of a kubeconfig, as the admin. */
export interface KubeApi {
  readonly call: (req: KubeRequest) => Promise<KubeAnswer>;
  /** Like {@link KubeApi.call}, but throws unless the status is one of `ok`. */
  readonly expect: (req: KubeRequest, ok: readonly number[]) => Promise<KubeAnswer>;
  /** Closes the kept-alive sockets. */
  readonly close: () => void;
}

interface KubeconfigJson {
  readonly clusters?: readonly {
    readonly cluster?: { readonly server?: string; readonly 'certificate-authority-data'?: string };
  }[];
  readonly users?: readonly { readonly user?: { readonly token?: string } }[];
}

/** Server URL, CA and token of the kubeconfig's first cluster and user (read through kubectl). */
async function readKubeconfig(
  kubeconfig: string,
  home: string,
): Promise<{ server: URL; ca: Buffer; token: string }> {
  const env = kubectlEnv(kubeconfig, home);
  const viewed = await runCommand('kubectl', ['config', 'view', '--raw', '-o', 'json'], { env });
  if (viewed.code !== 0) throw new Error(`kubectl config view failed: ${viewed.stderr}`);
  const config = JSON.parse(viewed.stdout) as KubeconfigJson;
  const cluster = config.clusters?.[0]?.cluster;
  const token = config.users?.[0]?.user?.token;
  if (cluster?.server === undefined || token === undefined) {
    throw new Error(`${kubeconfig} has no server or no bearer token`);
  }
  const ca = Buffer.from(cluster['certificate-authority-data'] ?? '', 'base64');
  return { server: new URL(cluster.server), ca, token };
}

/** A {@link KubeApi} for the kubeconfig's cluster; `home` holds kubectl's cache. */
export async function kubeApi(kubeconfig: string, home: string): Promise<KubeApi> {
  const { server, ca, token } = await readKubeconfig(kubeconfig, home);
  const agent = new Agent({ keepAlive: true, maxSockets: 32, ca });
  const call = (req: KubeRequest): Promise<KubeAnswer> =>
    new Promise((resolve, reject) => {
      const headers = {
        'Content-Type': req.contentType ?? 'application/json',
        Authorization: `Bearer ${token}`,
      };
      const sent = request(
        {
          host: server.hostname,
          port: server.port,
          method: req.method,
          path: req.path,
          headers,
          agent,
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      sent.on('timeout', () =>
        sent.destroy(new Error(`${req.method} ${req.path}: no answer in 30 s`)),
      );
      sent.on('error', reject);
      sent.end(req.body === undefined ? undefined : JSON.stringify(req.body));
    });
  return {
    call,
    expect: async (req, ok) => {
      const answer = await call(req);
      if (!ok.includes(answer.status)) {
        throw new Error(
          `${req.method} ${req.path}: ${String(answer.status)} ${answer.text.slice(0, 300)}`,
        );
      }
      return answer;
    },
    close: () => {
      agent.destroy();
    },
  };
}

/** Runs `task(0 … count-1)` with at most `concurrency` running at once; rejects on the first error. */
export async function inPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
