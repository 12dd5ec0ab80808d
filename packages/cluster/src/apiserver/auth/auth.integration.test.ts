import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClusterPki, type ClusterPki } from '../../pki/cluster-pki.ts';
import { adminKubeconfig } from '../../pki/kubeconfig.ts';
import { createApiServer, type ApiServer } from '../http/api-server.ts';
import { decodeObjectBody, readBody } from '../http/request-body.ts';
import { sendJson, sendStatusError } from '../http/responses.ts';
import { isJsonObject, type KubeObject } from '../json.ts';
import { StatusError, statusErrors } from '../status-error.ts';
import { openStore, type Store } from '../storage/index.ts';
import { addUser } from './add-user.ts';
import { createAuth, type Auth } from './create-auth.ts';

/**
 * A stand-in for the lead's wiring: an HTTPS front that runs `auth.checkRequest`, answers reviews
 * with `auth.answerReview`, and proxies everything else to the API server as the admin.
 */
const reviewPath =
  /^\/apis\/(authorization|authentication)\.k8s\.io\/v1\/(?:namespaces\/([^/]+)\/)?(\w+)$/;
const reviewKinds: Record<string, string> = {
  selfsubjectaccessreviews: 'SelfSubjectAccessReview',
  subjectaccessreviews: 'SubjectAccessReview',
  localsubjectaccessreviews: 'LocalSubjectAccessReview',
  selfsubjectrulesreviews: 'SelfSubjectRulesReview',
  tokenreviews: 'TokenReview',
  selfsubjectreviews: 'SelfSubjectReview',
};

function proxy(backend: string, pki: ClusterPki, req: IncomingMessage, res: ServerResponse): void {
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(
      ([k]) => !k.startsWith('impersonate-') && k !== 'authorization',
    ),
  );
  const out = request(
    `${backend}${req.url ?? '/'}`,
    {
      method: req.method,
      headers: { ...headers, authorization: `Bearer ${pki.adminToken}` },
      ca: pki.caCert,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  req.pipe(out);
}

interface Front {
  readonly auth: Auth;
  readonly backend: string;
  readonly pki: ClusterPki;
}

/** The review a request creates, if it is one: its kind and the path's namespace. */
function reviewOf(req: IncomingMessage): { kind: string; namespace: string } | undefined {
  if (req.method !== 'POST') return undefined;
  const match = reviewPath.exec((req.url ?? '').split('?')[0] ?? '');
  const kind = reviewKinds[match?.[3] ?? ''];
  return kind === undefined ? undefined : { kind, namespace: match?.[2] ?? '' };
}

async function reviewBody(req: IncomingMessage, kind: string): Promise<KubeObject> {
  const raw = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  // The lead's protobuf decoder does not know SelfSubjectReview yet; its body carries nothing we read.
  const body =
    kind === 'SelfSubjectReview' && type.includes('protobuf') ? {} : decodeObjectBody(raw, type);
  if (!isJsonObject(body)) throw statusErrors.badRequest('not an object');
  return {
    ...body,
    metadata: isJsonObject(body['metadata']) ? body['metadata'] : {},
  } as KubeObject;
}

async function front(parts: Front, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { user } = parts.auth.checkRequest(req);
  const review = reviewOf(req);
  if (review === undefined) {
    proxy(parts.backend, parts.pki, req, res);
    return;
  }
  const body = await reviewBody(req, review.kind);
  sendJson(res, 201, parts.auth.answerReview(review.kind, body, user, review.namespace));
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('authentication and RBAC with the real kubectl', () => {
  let dir = '';
  let store: Store;
  let server: ApiServer;
  let auth: Auth;
  let frontServer: Server;
  let url = '';
  let aliceConfig = '';
  let caCert = '';
  let aliceToken = '';
  let adminToken = '';

  function kubectl(args: string[], kubeconfig = join(dir, 'kubeconfig')): Promise<Run> {
    return new Promise((resolve) => {
      const child = execFile(
        'kubectl',
        args,
        {
          env: { ...process.env, HOME: join(dir, 'home'), KUBECONFIG: kubeconfig },
          timeout: 30_000,
        },
        (error, stdout, stderr) => {
          resolve({
            code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
            stdout,
            stderr,
          });
        },
      );
      child.stdin?.end();
    });
  }

  function rawPost(
    path: string,
    token: string,
    body: object,
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const out = request(`${url}${path}`, { method: 'POST', headers, ca: caCert }, (answer) => {
        let text = '';
        answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
        answer.on('end', () => {
          resolve({ status: answer.statusCode ?? 0, body: text });
        });
      });
      out.on('error', reject);
      out.end(JSON.stringify(body));
    });
  }

  function rawGet(path: string, token?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
      const out = request(`${url}${path}`, { headers, ca: caCert }, (answer) => {
        let body = '';
        answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
        answer.on('end', () => {
          resolve({ status: answer.statusCode ?? 0, body });
        });
      });
      out.on('error', reject);
      out.end();
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'podvisor-auth-'));
    const pki = await ensureClusterPki(join(dir, 'pki'));
    caCert = pki.caCert;
    adminToken = pki.adminToken;
    const logger = createLogger({ component: 'auth-test', level: 'silent' });
    store = openStore({ path: join(dir, 'state.db') });
    server = createApiServer({
      store,
      logger,
      tls: { key: pki.serverKey, cert: pki.serverCert },
      adminToken: pki.adminToken,
      pkiDir: join(dir, 'pki'),
    });
    const backend = await server.listen(0);
    auth = createAuth({
      ctx: server.context,
      pkiDir: join(dir, 'pki'),
      adminToken: pki.adminToken,
      logger,
    });
    await auth.start();
    frontServer = createServer({ key: pki.serverKey, cert: pki.serverCert }, (req, res) => {
      front({ auth, backend, pki }, req, res).catch((error: unknown) => {
        if (error instanceof StatusError) sendStatusError(res, error);
        else sendStatusError(res, statusErrors.internal(String(error)));
      });
    });
    await new Promise<void>((resolve) => frontServer.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(frontServer.address() as AddressInfo).port}`;
    writeFileSync(
      join(dir, 'kubeconfig'),
      adminKubeconfig({ server: url, caCert: pki.caCert, token: pki.adminToken }),
    );
    const alice = addUser({ dataDir: dir, name: 'alice', groups: ['dev'] });
    aliceConfig = alice.kubeconfigPath;
    aliceToken = alice.token;
  });

  afterAll(async () => {
    frontServer.closeAllConnections();
    await new Promise((resolve) => frontServer.close(resolve));
    auth.close();
    await server.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers auth can-i --as from RBAC, before and after a binding', async () => {
    const before = await kubectl(['auth', 'can-i', 'list', 'pods', '--as', 'alice']);
    expect(before).toMatchObject({ code: 1, stdout: 'no\n' });
    const bind = await kubectl([
      'create',
      'rolebinding',
      'alice-view',
      '--clusterrole=view',
      '--user=alice',
      '-n',
      'default',
    ]);
    expect(bind.stderr).toBe('');
    expect(await kubectl(['auth', 'can-i', 'list', 'pods', '--as', 'alice'])).toMatchObject({
      code: 0,
      stdout: 'yes\n',
    });
    expect(
      await kubectl(['auth', 'can-i', 'list', 'pods', '--as', 'alice', '-n', 'kube-system']),
    ).toMatchObject({ stdout: 'no\n' });
    expect(await kubectl(['auth', 'can-i', 'create', 'pods/exec', '--as', 'alice'])).toMatchObject({
      stdout: 'no\n',
    });
  });

  it('tells who the user is (auth whoami), for the admin and a static-token user', async () => {
    expect(
      await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']),
    ).toMatchObject({ stderr: '', stdout: 'podvisor-admin' });
    const alice = await kubectl(['auth', 'whoami', '-o', 'json'], aliceConfig);
    expect(JSON.parse(alice.stdout)).toMatchObject({
      status: { userInfo: { username: 'alice', groups: ['dev', 'system:authenticated'] } },
    });
  });

  it('lets a view-only user read but answers 403 on create and on exec', async () => {
    expect((await kubectl(['get', 'pods'], aliceConfig)).code).toBe(0);
    const create = await kubectl(['create', 'configmap', 'x', '--from-literal=a=b'], aliceConfig);
    expect(create.code).toBe(1);
    expect(create.stderr).toContain(
      'configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "default"',
    );
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    expect(
      (await kubectl(['create', '-f', '-', '-o', 'name'].concat([]), join(dir, 'kubeconfig'))).code,
    ).not.toBe(0);
    writeFileSync(join(dir, 'pod.json'), JSON.stringify(pod));
    expect((await kubectl(['create', '-f', join(dir, 'pod.json')])).code).toBe(0);
    const exec = await kubectl(['exec', 'web', '--', 'true'], aliceConfig);
    expect(exec.code).not.toBe(0);
    expect(exec.stderr).toContain('User "alice" cannot');
    expect(exec.stderr).toContain(
      'resource "pods/exec" in API group "" in the namespace "default"',
    );
  });

  it.each([
    ['/version', undefined, 200],
    ['/healthz', undefined, 200],
    ['/api', undefined, 401],
    ['/openapi/v2', undefined, 401],
    ['/version', 'wrong-token', 401],
  ])('GET %s with token %s answers %s', async (path, token, status) => {
    expect((await rawGet(path, token)).status).toBe(status);
  });

  it('answers 401 with an Unauthorized Status', async () => {
    expect(JSON.parse((await rawGet('/api/v1/pods')).body)).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('authenticates a service-account token and keeps aggregated roles current', async () => {
    expect((await kubectl(['create', 'serviceaccount', 'builder'])).code).toBe(0);
    const uid = (await kubectl(['get', 'sa', 'builder', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    const { token } = auth.signServiceAccountToken({
      namespace: 'default',
      name: 'builder',
      uid,
      audiences: [auth.issuer],
      expirationSeconds: 3600,
    });
    const who = await kubectl([
      'auth',
      'whoami',
      '--token',
      token,
      '-o',
      'jsonpath={.status.userInfo.username}',
    ]);
    expect(who.stdout).toBe('system:serviceaccount:default:builder');
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: 'podtemplates-view',
        labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
      },
      rules: [{ apiGroups: [''], resources: ['podtemplates'], verbs: ['get'] }],
    };
    writeFileSync(join(dir, 'role.json'), JSON.stringify(role));
    expect((await kubectl(['create', '-f', join(dir, 'role.json')])).code).toBe(0);
    await expect
      .poll(async () => (await kubectl(['get', 'clusterrole', 'admin', '-o', 'json'])).stdout)
      .toContain('podtemplates');
    expect(await kubectl(['auth', 'can-i', 'get', 'podtemplates', '--as', 'alice'])).toMatchObject({
      stdout: 'yes\n',
    });
  });

  it('authorizes impersonation with the impersonate verb', async () => {
    const denied = await kubectl(['get', 'pods', '--as', 'bob'], aliceConfig);
    expect(denied.stderr).toContain(
      'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const groups = await kubectl([
      'auth',
      'whoami',
      '--as',
      'carol',
      '--as-group',
      'ops',
      '-o',
      'json',
    ]);
    expect(JSON.parse(groups.stdout)).toMatchObject({
      status: { userInfo: { username: 'carol', groups: ['ops', 'system:authenticated'] } },
    });
  });

  it('answers SelfSubjectRulesReview and TokenReview sent as JSON', async () => {
    const rules = await rawPost(
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      aliceToken,
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectRulesReview',
        spec: { namespace: 'default' },
      },
    );
    expect(rules.status).toBe(201);
    const status = (
      JSON.parse(rules.body) as { status: { resourceRules: { resources: string[] }[] } }
    ).status;
    expect(status.resourceRules.flatMap((r) => r.resources)).toEqual(
      expect.arrayContaining(['pods', 'selfsubjectreviews']),
    );
    const review = await rawPost('/apis/authentication.k8s.io/v1/tokenreviews', adminToken, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token: aliceToken },
    });
    expect(JSON.parse(review.body)).toMatchObject({
      status: {
        authenticated: true,
        user: { username: 'alice' },
        audiences: ['https://kubernetes.default.svc'],
      },
    });
  });
});
