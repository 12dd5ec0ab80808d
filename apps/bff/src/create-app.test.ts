import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { addUser } from '@podvisor/cluster';
import { createLogger } from '@podvisor/kube';
import { startTestCluster, until, type TestCluster } from '@podvisor/cluster/testing';
import type { WatchBatch, WatchServerMessage } from './watch/watch-protocol.ts';
import {
  serveTestBff,
  signInWithToken,
  type SignedIn,
  type TestBff,
} from './testing/serve-test-bff.ts';

let cluster: TestCluster;
let served: TestBff;
let viewer: { token: string; session: SignedIn };
const page = `<!doctype html><html><head>
<script type="module" crossorigin src="/assets/index-abc123.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-abc123.css">
</head><body><div id="root"></div></body></html>`;

beforeAll(async () => {
  cluster = await startTestCluster();
  for (const ns of ['team-a', 'team-b']) {
    expect((await cluster.kubectl(['create', 'namespace', ns])).code).toBe(0);
    expect((await cluster.kubectl(['create', 'configmap', `${ns}-settings`, '-n', ns])).code).toBe(
      0,
    );
  }
  const user = addUser({ dataDir: cluster.dataDir, name: 'vera', groups: [] });
  const bind = ['create', 'rolebinding', 'vera-view', '--clusterrole=view', '--user=vera'];
  expect((await cluster.kubectl([...bind, '-n', 'team-a'])).code).toBe(0);
  const staticDir = mkdtempSync(join(tmpdir(), 'podvisor-spa-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), page);
  writeFileSync(join(staticDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  served = await serveTestBff(cluster.kubeconfigPath, { staticDir });
  viewer = { token: user.token, session: await signInWithToken(served.url, user.token) };
}, 60_000);

afterAll(async () => {
  await served.close();
  await cluster.close();
});

function asViewer(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${served.url}${path}`, {
    ...init,
    headers: { Cookie: viewer.session.cookie, ...(init.headers as Record<string, string>) },
  });
}

describe('the SPA', () => {
  it('serves the page with an enforced nonce CSP whose nonce is on every script and link, fresh per response', async () => {
    const [first, second] = await Promise.all([
      fetch(`${served.url}/`),
      fetch(`${served.url}/vms/x`),
    ]);
    const nonceOf = (res: Response): string =>
      /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? '';
    const nonce = nonceOf(first);
    expect(nonce).not.toBe('');
    expect(nonceOf(second)).not.toBe(nonce);
    expect(first.headers.get('content-security-policy-report-only')).toBeNull();
    expect(first.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await first.text();
    expect(
      html.match(/<(script|link)\b[^>]*>/g)?.every((tag) => tag.includes(`nonce="${nonce}"`)),
    ).toBe(true);
    expect(await second.text()).toContain('<div id="root">');
  });

  it('caches hashed assets as immutable and sends security headers everywhere', async () => {
    const asset = await fetch(`${served.url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const res of [asset, await fetch(`${served.url}/api/nothing`)]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    expect((await fetch(`${served.url}/assets/missing.js`)).status).toBe(404);
  });
});

describe('the Kubernetes proxy', () => {
  it('reads as the signed-in user: their namespace yes, another one 403 with the API server own Status', async () => {
    const own = await asViewer('/api/kubernetes/api/v1/namespaces/team-a/configmaps');
    expect(own.status).toBe(200);
    expect(own.headers.get('content-security-policy')).toBe('sandbox');
    const names = ((await own.json()) as { items: { metadata: { name: string } }[] }).items.map(
      (i) => i.metadata.name,
    );
    expect(names).toContain('team-a-settings');
    const other = await asViewer('/api/kubernetes/api/v1/namespaces/team-b/configmaps');
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
  });

  it('refuses a write without the CSRF token, and passes one with it to the API server, which decides', async () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    const post = (headers: Record<string, string>) =>
      asViewer('/api/kubernetes/api/v1/namespaces/team-a/configmaps', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', ...headers },
      });
    const missing = await post({});
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { message: string }).message).toMatch(/CSRF/);
    expect((await post({ 'X-CSRF-Token': 'forged' })).status).toBe(403);
    const allowed = await post({ 'X-CSRF-Token': viewer.session.csrf });
    // view may not create: the answer is Kubernetes' own, naming the user.
    expect(allowed.status).toBe(403);
    expect(((await allowed.json()) as { message: string }).message).toContain('"vera"');
  });

  it('answers 401 without a session and never hands a token to the browser', async () => {
    const anonymous = await fetch(`${served.url}/api/kubernetes/api/v1/namespaces`);
    expect(anonymous.status).toBe(401);
    const answers = [
      viewer.session.body,
      await (await asViewer('/api/auth/me')).text(),
      await (await asViewer('/api/kubernetes/api/v1/namespaces/team-a/configmaps')).text(),
    ];
    for (const text of answers) expect(text).not.toContain(viewer.token);
    expect(viewer.session.cookie).not.toContain(viewer.token);
  });

  it('streams a watch as it happens', async () => {
    const controller = new AbortController();
    const res = await asViewer('/api/kubernetes/api/v1/namespaces/team-a/configmaps?watch=1', {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"type":"ADDED"');
    controller.abort();
  });

  it('gives every request an id, keeping a well-formed one the caller sent', async () => {
    const given = await asViewer('/api/auth/me', { headers: { 'X-Request-Id': 'req-42' } });
    expect(given.headers.get('x-request-id')).toBe('req-42');
    const made = await asViewer('/api/auth/me', { headers: { 'X-Request-Id': 'bad id!' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

function openSocket(path: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${served.url.replace('http', 'ws')}${path}`, { headers });
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
    });
    socket.on('error', () => undefined);
  });
}

describe('websockets', () => {
  it.each([
    {
      what: 'a page of this console',
      origin: 'self',
      session: true,
      path: '/api/watch',
      expected: 'open',
    },
    {
      what: 'a foreign page with the user cookie',
      origin: 'foreign',
      session: true,
      path: '/api/watch',
      expected: 403,
    },
    {
      what: 'a foreign page, on a console',
      origin: 'foreign',
      session: true,
      path: '/api/consoles/team-a/vm/serial',
      expected: 403,
    },
    {
      what: 'a page without a session',
      origin: 'self',
      session: false,
      path: '/api/watch',
      expected: 401,
    },
    {
      what: 'an unknown endpoint',
      origin: 'self',
      session: true,
      path: '/api/kubernetes/api/v1/pods',
      expected: 404,
    },
  ] as const)('$what', async ({ origin, session, path, expected }) => {
    const headers = {
      Origin: origin === 'self' ? served.url : 'https://evil.example',
      Cookie: session ? viewer.session.cookie : '',
    };
    expect(await openSocket(path, headers)).toBe(expected);
  });
});

describe('/api/watch', () => {
  it('lists and watches as the user: their namespace live, another namespace a 403 and nothing of it', async () => {
    const socket = new WebSocket(`${served.url.replace('http', 'ws')}/api/watch`, {
      headers: { Origin: served.url, Cookie: viewer.session.cookie },
    });
    const messages: WatchServerMessage[] = [];
    socket.on('message', (data: Buffer) => {
      messages.push(...(JSON.parse(data.toString()) as WatchBatch).messages);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const subscribe = (id: string, namespace: string): void => {
      socket.send(
        JSON.stringify({
          type: 'subscribe',
          id,
          group: '',
          version: 'v1',
          resource: 'configmaps',
          namespace,
        }),
      );
    };
    subscribe('mine', 'team-a');
    subscribe('theirs', 'team-b');
    await until(() => messages.some((m) => m.id === 'mine' && m.type === 'snapshot'), 'a snapshot');
    await until(() => messages.some((m) => m.id === 'theirs'), 'the refusal');
    expect((await cluster.kubectl(['create', 'configmap', 'live', '-n', 'team-a'])).code).toBe(0);
    expect((await cluster.kubectl(['create', 'configmap', 'hidden', '-n', 'team-b'])).code).toBe(0);
    await until(
      () => messages.some((m) => m.type === 'event' && m.object.metadata.name === 'live'),
      'the live event',
    );
    socket.close();
    const theirs = messages.filter((m) => m.id === 'theirs');
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).toMatchObject({ type: 'error', status: { code: 403 } });
    expect(JSON.stringify(messages)).not.toContain('hidden');
    expect(JSON.stringify(messages)).not.toContain('team-b-settings');
  });
});

describe('logs', () => {
  it('writes one structured line per request with its id, method, path and status, and no token or query', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'podvisor-bff-log-')), 'bff.log');
    const logged = await serveTestBff(cluster.kubeconfigPath, {
      logger: createLogger({ component: 'bff', level: 'debug', destination: file }),
    });
    try {
      const session = await signInWithToken(logged.url, viewer.token);
      await fetch(`${logged.url}/api/kubernetes/api/v1/namespaces/team-a/configmaps?limit=1`, {
        headers: { Cookie: session.cookie, 'X-Request-Id': 'log-test-1' },
      });
    } finally {
      await logged.close();
    }
    const text = readFileSync(file, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line['requestId'] === 'log-test-1')).toMatchObject({
      component: 'bff',
      method: 'GET',
      path: '/api/kubernetes/api/v1/namespaces/team-a/configmaps',
      status: 200,
    });
    expect(text).not.toContain(viewer.token);
    expect(text).not.toContain('limit=1');
  });
});

describe('metrics', () => {
  it('counts requests by route and code, upgrades by outcome, and reports the live watch gauges', async () => {
    const text = await (await fetch(`${served.url}/metrics`)).text();
    expect(text).toMatch(
      /podvisor_bff_http_requests_total\{method="GET",route="\/api\/kubernetes",code="200"\} \d+/,
    );
    expect(text).toMatch(
      /podvisor_bff_websocket_upgrades_total\{route="\/api\/watch",outcome="forbidden-origin"\} [1-9]/,
    );
    expect(text).toMatch(/podvisor_bff_upstream_watches \d+/);
  });
});
