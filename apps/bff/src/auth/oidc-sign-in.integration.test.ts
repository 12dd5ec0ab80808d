import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { startTestCluster, type TestCluster } from '@podvisor/cluster/testing';
import { createLogger } from '@podvisor/kube';
import express from 'express';
import { Provider, type Interaction } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstream, type Upstream } from '../upstream/upstream.ts';
import { UpstreamError } from '../upstream/upstream-error.ts';
import { authRouter } from './auth-router.ts';
import { createSessionStore } from './session-store.ts';
import { createTestBrowser, listenOnLoopback, type Visit } from './test-browser.ts';

/** The provider's people: account id → the claims `findAccount` gives. */
const accounts = new Map<string, Record<string, unknown>>([
  ['alice', { email: 'alice@example.com', groups: ['devs'] }],
  ['nomail', { groups: ['devs'] }],
]);
/** What the next login interaction does: sign in as this account, or deny. */
let nextLogin: { account: string } | 'deny' = { account: 'alice' };

let cluster: TestCluster;
let upstream: Upstream;
let provider: Provider;
let issuer = '';
let bff = '';
const store = createSessionStore();
const servers: Server[] = [];

function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
}

async function consent(req: IncomingMessage, res: ServerResponse, details: Interaction) {
  const accountId = details.session?.accountId ?? '';
  const grant = new provider.Grant({ accountId, clientId: String(details.params['client_id']) });
  const scopes = details.prompt.details['missingOIDCScope'];
  if (Array.isArray(scopes)) grant.addOIDCScope(scopes.join(' '));
  const claims = details.prompt.details['missingOIDCClaims'];
  if (Array.isArray(claims)) grant.addOIDCClaims(claims.map(String));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } });
}

/** Our own minimal interactions: log in as `nextLogin` (or deny), and consent to everything. */
async function interact(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (nextLogin === 'deny') {
    const denied = { error: 'access_denied', error_description: 'the user said no' };
    await provider.interactionFinished(req, res, denied, { mergeWithLastSubmission: false });
  } else if (details.prompt.name === 'login') {
    const login = { login: { accountId: nextLogin.account } };
    await provider.interactionFinished(req, res, login, { mergeWithLastSubmission: false });
  } else {
    await consent(req, res, details);
  }
}

async function startProvider(redirectUri: string): Promise<void> {
  const server = createServer();
  issuer = await listenOnLoopback(server);
  servers.push(server);
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'podvisor-console',
        client_secret: 'a-client-secret-long-enough-for-tests',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    scopes: ['openid', 'email', 'groups'],
    findAccount: (_ctx: unknown, sub: string) => {
      const claims = accounts.get(sub);
      return claims && { accountId: sub, claims: () => Promise.resolve({ sub, ...claims }) };
    },
    interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['a-cookie-signing-key-for-tests'] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
    jwks: { keys: [signingKey()] },
  });
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      interact(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    } else {
      callback(req, res);
    }
  });
}

beforeAll(async () => {
  cluster = await startTestCluster();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  upstream = createUpstream(kubeConfig);
  for (const args of [
    ['create', 'namespace', 'team-a'],
    ['create', 'role', 'cm-reader', '--verb=get,list', '--resource=configmaps', '-n', 'team-a'],
    [
      'create',
      'rolebinding',
      'alice-cm',
      '--role=cm-reader',
      '--user=oidc:alice@example.com',
      '-n',
      'team-a',
    ],
  ]) {
    const result = await cluster.kubectl(args);
    expect(result.stderr).toBe('');
  }
  const bffServer = createServer();
  bff = await listenOnLoopback(bffServer);
  servers.push(bffServer);
  await startProvider(`${bff}/auth/oidc/callback`);
  const app = express();
  const logger = createLogger({ component: 'bff-test', level: 'silent' });
  const auth = {
    mode: 'oidc' as const,
    issuer,
    clientId: 'podvisor-console',
    clientSecret: 'a-client-secret-long-enough-for-tests',
    usernameClaim: 'email',
    groupsClaim: 'groups',
    usernamePrefix: 'oidc:',
    groupsPrefix: 'oidc:',
    scopes: ['openid', 'email', 'groups'],
  };
  app.use(authRouter({ store, upstream, auth, logger, secureCookies: false, baseUrl: bff }));
  bffServer.on('request', app);
});

afterAll(async () => {
  for (const server of servers) server.close();
  upstream.close();
  await cluster.close();
});

function callbackOf(hops: readonly Visit[]): Visit | undefined {
  return hops.find((hop) => hop.url.startsWith(`${bff}/auth/oidc/callback`));
}

describe('OIDC sign-in', () => {
  it('signs in through the provider and impersonates the prefixed user', async () => {
    nextLogin = { account: 'alice' };
    const browser = createTestBrowser();
    const hops = await browser.navigate(`${bff}/auth/oidc/login`);
    const [login, authorize] = hops;
    expect(login?.status).toBe(303);
    expect(login?.setCookies.join()).toMatch(/podvisor-oidc-state=.*HttpOnly; SameSite=Lax/);
    const params = new URL(login?.location ?? '').searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('state')).toBeTruthy();
    expect(authorize?.url.startsWith(issuer)).toBe(true);

    const callback = callbackOf(hops);
    expect(callback?.status).toBe(303);
    expect(callback?.location).toBe(`${bff}/`);
    expect(browser.jar.has('podvisor-oidc-state')).toBe(false);
    const me = await browser.visit(`${bff}/api/auth/me`);
    expect(JSON.parse(me.body)).toEqual({
      username: 'oidc:alice@example.com',
      groups: ['oidc:devs', 'system:authenticated'],
      mode: 'oidc',
    });
    const session = store.get(browser.jar.get('podvisor-session') ?? '');
    expect(session?.credential).toEqual({
      kind: 'impersonate',
      user: 'oidc:alice@example.com',
      groups: ['oidc:devs', 'system:authenticated'],
    });
  });

  it('gives a session that can read what its user is bound to, and nothing else', async () => {
    nextLogin = { account: 'alice' };
    const browser = createTestBrowser();
    await browser.navigate(`${bff}/auth/oidc/login`);
    const session = store.get(browser.jar.get('podvisor-session') ?? '');
    if (session === undefined) throw new Error('no session');
    await expect(
      upstream.json(session.credential, {
        method: 'GET',
        path: '/api/v1/namespaces/team-a/configmaps',
      }),
    ).resolves.toMatchObject({ kind: 'ConfigMapList' });
    const elsewhere = upstream.json(session.credential, {
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps',
    });
    await expect(elsewhere).rejects.toBeInstanceOf(UpstreamError);
    await expect(elsewhere).rejects.toMatchObject({ code: 403 });
  });

  it('refuses a callback whose state does not match the sign-in the browser started', async () => {
    const browser = createTestBrowser();
    await browser.visit(`${bff}/auth/oidc/login`);
    const res = await browser.visit(`${bff}/auth/oidc/callback?code=abc&state=wrong`);
    expect(res.status).toBe(401);
    expect(res.body).toContain('state parameter does not match');
    expect(browser.jar.has('podvisor-session')).toBe(false);
  });

  it("refuses another browser's callback (login CSRF)", async () => {
    nextLogin = { account: 'alice' };
    const attacker = createTestBrowser();
    const hops = await attacker.navigate(`${bff}/auth/oidc/login`, {
      stopBefore: `${bff}/auth/oidc/callback`,
    });
    const last = hops.at(-1);
    expect(last?.location?.startsWith(`${bff}/auth/oidc/callback`)).toBe(true);
    const victim = createTestBrowser();
    const res = await victim.visit(last?.location ?? '');
    expect(res.status).toBe(401);
    expect(victim.jar.has('podvisor-session')).toBe(false);
  });

  it('names the cause when the user denies consent', async () => {
    nextLogin = 'deny';
    const browser = createTestBrowser();
    const callback = callbackOf(await browser.navigate(`${bff}/auth/oidc/login`));
    expect(callback?.status).toBe(401);
    expect(callback?.body).toContain('access_denied');
    expect(browser.jar.has('podvisor-session')).toBe(false);
  });

  it('names the missing claim when the provider gives no email', async () => {
    nextLogin = { account: 'nomail' };
    const browser = createTestBrowser();
    const callback = callbackOf(await browser.navigate(`${bff}/auth/oidc/login`));
    expect(callback?.status).toBe(401);
    expect(callback?.body).toContain('no email claim');
    expect(browser.jar.has('podvisor-session')).toBe(false);
  });

  it('tells the page where to sign in', async () => {
    const res = await createTestBrowser().visit(`${bff}/api/auth/config`);
    expect(JSON.parse(res.body)).toEqual({ mode: 'oidc', loginUrl: '/auth/oidc/login' });
  });
});
