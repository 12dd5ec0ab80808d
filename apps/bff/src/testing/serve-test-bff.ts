import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { createLogger } from '@podvisor/kube';
import { createApp, type Bff, type BffDeps } from '../create-app.ts';
import { createUpstream } from '../upstream/upstream.ts';

/** A BFF listening on a free loopback port against the API server of `kubeconfigPath`. */
export interface TestBff {
  readonly url: string;
  readonly bff: Bff;
  close(): Promise<void>;
}

/** Serves {@link createApp} on 127.0.0.1 for a test, token sign-in unless `deps` says otherwise. */
export async function serveTestBff(
  kubeconfigPath: string,
  deps: Partial<Omit<BffDeps, 'upstream' | 'baseUrl'>> = {},
): Promise<TestBff> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  const bff = createApp({
    upstream: createUpstream(kubeConfig),
    auth: { mode: 'token' },
    logger: createLogger({ component: 'bff-test', level: 'silent' }),
    baseUrl: url,
    ...deps,
  });
  server.on('request', bff.app);
  server.on('upgrade', bff.upgrade);
  return {
    url,
    bff,
    close: async () => {
      await bff.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

/** A browser's cookies and CSRF token after signing in. */
export interface SignedIn {
  readonly cookie: string;
  readonly csrf: string;
  readonly body: string;
}

/** Signs in with a bearer token the way the SPA does, returning the browser's cookie jar. */
export async function signInWithToken(url: string, token: string): Promise<SignedIn> {
  const res = await fetch(`${url}/api/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url },
    body: JSON.stringify({ token }),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`sign-in answered ${String(res.status)}: ${body}`);
  const pairs = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const csrf = pairs.find((p) => p.startsWith('podvisor-csrf='))?.slice('podvisor-csrf='.length);
  if (csrf === undefined) throw new Error('sign-in set no CSRF cookie');
  return { cookie: pairs.join('; '), csrf, body };
}
