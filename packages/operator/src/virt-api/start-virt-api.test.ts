import { request } from 'node:https';
import { createCertificateAuthority, createLogger, type IssuedCertificate } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionHandler } from './admission-handlers.ts';
import { readRequestHeaderConfig } from './request-header-auth.ts';
import { startVirtApi, type VirtApi } from './start-virt-api.ts';

let api: VirtApi;
let servingCa = '';
let proxyClient: IssuedCertificate;
let strangerClient: IssuedCertificate;
let ready = false;

const echoHandler: AdmissionHandler = (req) =>
  req.name === 'bad'
    ? { allowed: false, status: { code: 422, reason: 'Invalid', message: 'bad name' } }
    : { allowed: true, patch: [{ op: 'add', path: '/metadata/labels', value: { seen: 'yes' } }] };

beforeAll(async () => {
  const ca = await createCertificateAuthority('virt-api-test-ca');
  servingCa = ca.cert;
  const serving = await ca.issue({
    commonName: 'virt-api',
    ipAddresses: ['127.0.0.1'],
    usage: 'server',
  });
  const frontProxyCa = await createCertificateAuthority('front-proxy-ca');
  proxyClient = await frontProxyCa.issue({ commonName: 'front-proxy-client', usage: 'client' });
  const stranger = await createCertificateAuthority('stranger-ca');
  strangerClient = await stranger.issue({ commonName: 'front-proxy-client', usage: 'client' });
  const requestHeader = readRequestHeaderConfig({
    'requestheader-client-ca-file': frontProxyCa.cert,
    'requestheader-allowed-names': '["front-proxy-client"]',
  });
  api = await startVirtApi({
    port: 0,
    host: '127.0.0.1',
    serving,
    logger: createLogger({ component: 'virt-api-test', level: 'silent' }),
    admission: new Map([['/mutate-things', echoHandler]]),
    requestHeader: () => requestHeader,
    ready: () => ready,
  });
  api.router
    .add(
      'PUT',
      '/apis/subresources.kubevirt.io/v1/namespaces/:namespace/virtualmachines/:name/start',
      ({ res, params, user }) => {
        res
          .writeHead(202, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ params, user }));
      },
    )
    .add('GET', '/broken', () => {
      throw new Error('boom');
    });
});
afterAll(async () => {
  await api.close();
});

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly json: unknown;
}

function call(
  method: string,
  path: string,
  options: {
    client?: IssuedCertificate;
    headers?: Record<string, string | string[]>;
    body?: string;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: api.port,
        method,
        path,
        ca: servingCa,
        headers: options.headers ?? {},
        ...(options.client === undefined
          ? {}
          : { cert: options.client.cert, key: options.client.key }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const asProxy = {
  headers: { 'X-Remote-User': 'alice', 'X-Remote-Group': ['devs', 'system:authenticated'] },
};

describe('virt-api health', () => {
  it('answers /healthz without a client certificate', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: 'ok' });
  });

  it('answers /readyz 503 until ready, then 200', async () => {
    ready = false;
    expect((await call('GET', '/readyz')).status).toBe(503);
    ready = true;
    expect((await call('GET', '/readyz')).status).toBe(200);
  });
});

describe('virt-api aggregated API', () => {
  it.each([
    { path: '/apis', kind: 'APIGroupList' },
    { path: '/apis/subresources.kubevirt.io', kind: 'APIGroup' },
    { path: '/apis/subresources.kubevirt.io/v1', kind: 'APIResourceList' },
  ])('serves $kind at $path to the API server', async ({ path, kind }) => {
    const answer = await call('GET', path, { client: proxyClient, ...asProxy });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ kind });
  });

  it('lists the KubeVirt subresources', async () => {
    const answer = await call('GET', '/apis/subresources.kubevirt.io/v1', {
      client: proxyClient,
      ...asProxy,
    });
    const names = (answer.json as { resources: { name: string; namespaced: boolean }[] }).resources;
    expect(names.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'virtualmachineinstances/console',
        'virtualmachineinstances/vnc/screenshot',
        'virtualmachines/start',
      ]),
    );
    expect(names.every((r) => r.namespaced)).toBe(true);
  });

  it.each([
    { name: 'no client certificate', client: undefined },
    { name: 'a certificate from another CA', client: 'stranger' },
  ])('answers 401 to $name', async ({ client }) => {
    const answer = await call('GET', '/apis/subresources.kubevirt.io/v1', {
      ...(client === undefined ? {} : { client: strangerClient }),
      ...asProxy,
    });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized' });
  });

  it('hands added routes their parameters and the authenticated user', async () => {
    const answer = await call(
      'PUT',
      '/apis/subresources.kubevirt.io/v1/namespaces/ns-1/virtualmachines/vm%2D1/start',
      {
        client: proxyClient,
        ...asProxy,
      },
    );
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({
      params: { namespace: 'ns-1', name: 'vm-1' },
      user: { username: 'alice', groups: ['devs', 'system:authenticated'], extra: {} },
    });
  });

  it('serves the version document', async () => {
    const answer = await call('GET', '/apis/subresources.kubevirt.io/v1/version', {
      client: proxyClient,
      ...asProxy,
    });
    expect(answer.json).toMatchObject({ gitVersion: 'v0.1.0' });
  });
});

const review = (request: Record<string, unknown>): string =>
  JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });

describe('virt-api admission', () => {
  it('answers a review with the handler decision and the request uid', async () => {
    const answer = await call('POST', '/mutate-things', {
      body: review({ uid: 'abc', operation: 'CREATE', name: 'vm', object: { metadata: {} } }),
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'abc', allowed: true, patchType: 'JSONPatch' },
    });
  });

  it('passes a denial through', async () => {
    const answer = await call('POST', '/mutate-things', {
      body: review({ uid: 'abc', operation: 'CREATE', name: 'bad', object: {} }),
    });
    expect(answer.json).toMatchObject({
      response: { uid: 'abc', allowed: false, status: { code: 422, message: 'bad name' } },
    });
  });

  it.each([
    { name: 'an empty body', body: '', message: 'the request body is empty' },
    {
      name: 'a body that is not JSON',
      body: '{"apiVersion":',
      message: 'the request body is not JSON',
    },
    {
      name: 'a review without a request',
      body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }),
      message: 'the AdmissionReview has no request',
    },
  ])('answers 400 to $name', async ({ body, message }) => {
    const answer = await call('POST', '/mutate-things', { body });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    expect((answer.json as { message: string }).message).toContain(message);
  });
});

describe('virt-api routing', () => {
  it.each([
    { method: 'GET', path: '/nothing-here', status: 404 },
    { method: 'GET', path: '/mutate-things', status: 405 },
    { method: 'GET', path: '/broken', status: 500 },
  ])('answers $status to $method $path', async ({ method, path, status }) => {
    expect((await call(method, path)).status).toBe(status);
  });
});
