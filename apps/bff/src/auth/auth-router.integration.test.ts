import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { addUser } from '@podvisor/cluster';
import { startTestCluster, type TestCluster } from '@podvisor/cluster/testing';
import { createLogger } from '@podvisor/kube';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstream, type Upstream } from '../upstream/upstream.ts';
import { authRouter, type AuthConfig } from './auth-router.ts';
import { createLocalTickets, type LocalTickets } from './local-tickets.ts';
import { createSessionStore, type SessionStore } from './session-store.ts';
import { createTestBrowser, listenOnLoopback, type TestBrowser } from './test-browser.ts';

let cluster: TestCluster;
let upstream: Upstream;
let logPath: string;
const servers: Server[] = [];

interface Bff {
  readonly base: string;
  readonly store: SessionStore;
}

async function startBff(auth: AuthConfig): Promise<Bff> {
  const server = createServer();
  const base = await listenOnLoopback(server);
  servers.push(server);
  const store = createSessionStore();
  const logger = createLogger({ component: 'bff-test', level: 'debug', destination: logPath });
  const app = express();
  app.use(authRouter({ store, upstream, auth, logger, secureCookies: false, baseUrl: base }));
  server.on('request', app);
  return { base, store };
}

function cookieOf(setCookies: readonly string[], name: string): string | undefined {
  return setCookies.find((c) => c.startsWith(`${name}=`));
}

beforeAll(async () => {
  cluster = await startTestCluster();
  logPath = join(cluster.dataDir, 'bff.log');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  upstream = createUpstream(kubeConfig);
});

afterAll(async () => {
  for (const server of servers) server.close();
  upstream.close();
  await cluster.close();
});

describe('local sign-in', () => {
  let time = Date.now();
  let tickets: LocalTickets;
  let bff: Bff;

  beforeAll(async () => {
    const carol = addUser({ dataDir: cluster.dataDir, name: 'carol', groups: ['ops'] });
    tickets = createLocalTickets({ secret: randomBytes(32), now: () => time });
    bff = await startBff({
      mode: 'local',
      tickets,
      credential: { kind: 'bearer', token: carol.token },
    });
  });

  it('signs in once with a ticket, as the API server names the local credential', async () => {
    const browser = createTestBrowser();
    const ticket = tickets.issue();
    const first = await browser.visit(`${bff.base}/auth/local?ticket=${ticket}`);
    expect(first.status).toBe(303);
    expect(first.location).toBe(`${bff.base}/`);
    expect(cookieOf(first.setCookies, 'podvisor-session')).toMatch(/; HttpOnly; SameSite=Strict$/);
    const me = await browser.visit(`${bff.base}/api/auth/me`);
    expect(JSON.parse(me.body)).toEqual({
      username: 'carol',
      groups: expect.arrayContaining(['ops', 'system:authenticated']) as unknown,
      mode: 'local',
    });

    const again = await createTestBrowser().visit(`${bff.base}/auth/local?ticket=${ticket}`);
    expect(again.status).toBe(401);
    expect(again.body).toContain('already used or has expired');
    expect(again.setCookies).toEqual([]);
  });

  it('signs in as the identity a ticket names, through impersonation', async () => {
    const browser = createTestBrowser();
    const ticket = tickets.issue({ user: 'alice', groups: ['viewers'] });
    const signIn = await browser.visit(`${bff.base}/auth/local?ticket=${ticket}`);
    expect(signIn.status).toBe(303);
    const me = await browser.visit(`${bff.base}/api/auth/me`);
    expect(JSON.parse(me.body)).toEqual({
      username: 'alice',
      groups: expect.arrayContaining(['viewers', 'system:authenticated']) as unknown,
      mode: 'local',
    });
    const cookie = cookieOf(signIn.setCookies, 'podvisor-session') ?? '';
    const id = /^podvisor-session=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(bff.store.get(id)?.credential).toEqual({
      kind: 'impersonate',
      user: 'alice',
      groups: ['viewers'],
    });
  });

  it('refuses an expired ticket', async () => {
    const ticket = tickets.issue();
    time += 60 * 60 * 1000 + 1;
    const res = await createTestBrowser().visit(`${bff.base}/auth/local?ticket=${ticket}`);
    expect(res.status).toBe(401);
    expect(res.body).toContain('Get a new link');
  });

  it.each([
    ['a forged MAC', (t: string) => `${t.slice(0, -4)}AAAA`],
    ['another secret', () => createLocalTickets({ secret: randomBytes(32) }).issue()],
    ['no ticket', () => ''],
  ])('refuses a ticket with %s', async (_name, forge) => {
    const res = await createTestBrowser().visit(
      `${bff.base}/auth/local?ticket=${encodeURIComponent(forge(tickets.issue()))}`,
    );
    expect(res.status).toBe(401);
  });

  it('answers 404 for the other modes', async () => {
    const res = await createTestBrowser().visit(`${bff.base}/api/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"token":"x"}',
    });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', code: 404 });
  });
});

describe('token sign-in', () => {
  let bff: Bff;
  let bob: { token: string };

  beforeAll(async () => {
    bob = addUser({ dataDir: cluster.dataDir, name: 'bob', groups: ['qa'] });
    bff = await startBff({ mode: 'token' });
  });

  async function signIn(browser: TestBrowser, token: string, headers: Record<string, string> = {}) {
    return browser.visit(`${bff.base}/api/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ token }),
    });
  }

  it('signs in with a good token as its user, and never returns the token', async () => {
    const browser = createTestBrowser();
    const res = await signIn(browser, bob.token);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      username: 'bob',
      groups: expect.arrayContaining(['qa', 'system:authenticated']) as unknown,
    });
    expect(res.body + res.setCookies.join()).not.toContain(bob.token);
    const sessionCookie = cookieOf(res.setCookies, 'podvisor-session') ?? '';
    const csrfCookie = cookieOf(res.setCookies, 'podvisor-csrf') ?? '';
    expect(sessionCookie).toMatch(/; Path=\/; .*HttpOnly; SameSite=Strict$/);
    expect(csrfCookie).toMatch(/; SameSite=Strict$/);
    expect(csrfCookie).not.toContain('HttpOnly');
    const session = bff.store.get(browser.jar.get('podvisor-session') ?? '');
    expect(session?.credential).toEqual({ kind: 'bearer', token: bob.token });
    expect(session?.csrfToken).toBe(browser.jar.get('podvisor-csrf'));
  });

  it('refuses a bad token with a 401 Status that does not echo it', async () => {
    const bad = `bogus-${randomBytes(16).toString('hex')}`;
    const res = await signIn(createTestBrowser(), bad);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
    expect(res.body).not.toContain(bad);
    expect(res.setCookies).toEqual([]);
    expect(readFileSync(logPath, 'utf8')).toContain('token sign-in refused');
    expect(readFileSync(logPath, 'utf8')).not.toContain(bad);
  });

  it.each([
    ['no token', '{}', 400],
    ['a token with a space', '{"token":"a b"}', 400],
    ['a number', '{"token":42}', 400],
    ['broken JSON holding a secret', '{"token":"very-secret-value', 400],
  ])('answers %s with a Status naming the problem', async (_name, body, code) => {
    const res = await createTestBrowser().visit(`${bff.base}/api/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(res.status).toBe(code);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', code });
    expect(res.body).not.toContain('very-secret-value');
  });

  it('requires the CSRF token to sign out, then forgets the session', async () => {
    const browser = createTestBrowser();
    await signIn(browser, bob.token);
    const id = browser.jar.get('podvisor-session') ?? '';
    const csrf = browser.jar.get('podvisor-csrf') ?? '';
    const logout = (headers: Record<string, string>) =>
      browser.visit(`${bff.base}/api/auth/logout`, { method: 'POST', headers });

    expect((await logout({})).status).toBe(403);
    expect((await logout({ 'X-CSRF-Token': 'wrong' })).status).toBe(403);
    expect(bff.store.get(id)).toBeDefined();
    expect((await browser.visit(`${bff.base}/api/auth/me`)).status).toBe(200);

    const done = await logout({ 'X-CSRF-Token': csrf });
    expect(done.status).toBe(204);
    expect(done.setCookies.every((c) => c.includes('Max-Age=0'))).toBe(true);
    expect(bff.store.get(id)).toBeUndefined();
    const me = await browser.visit(`${bff.base}/api/auth/me`, {
      headers: { Cookie: `podvisor-session=${id}` },
    });
    expect(me.status).toBe(401);
    expect(JSON.parse(me.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
  });

  it('ends the previous session of a browser that signs in again', async () => {
    const browser = createTestBrowser();
    await signIn(browser, bob.token);
    const first = browser.jar.get('podvisor-session') ?? '';
    await signIn(browser, bob.token, { 'X-CSRF-Token': browser.jar.get('podvisor-csrf') ?? '' });
    expect(browser.jar.get('podvisor-session')).not.toBe(first);
    expect(bff.store.get(first)).toBeUndefined();
  });

  it('tells the page how to sign in, without secrets', async () => {
    const res = await createTestBrowser().visit(`${bff.base}/api/auth/config`);
    expect(JSON.parse(res.body)).toEqual({ mode: 'token' });
    expect(res.status).toBe(200);
  });
});
