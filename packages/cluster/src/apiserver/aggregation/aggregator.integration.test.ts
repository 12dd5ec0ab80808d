// API aggregation against a real aggregated API server (HTTPS, client certificates, WebSocket).
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { createLogger } from '@podvisor/kube';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { JsonObject, KubeObject } from '../json.ts';
import { openStore, type Store } from '../storage/index.ts';
import {
  createAggregator,
  createCertificateAuthority,
  ensureFrontProxyPki,
  extensionApiserverAuthentication,
  type Aggregator,
  type ApiService,
  type FrontProxyPki,
  type RemoteUser,
} from './index.ts';

const group = 'echo.example.com';
const resourceList = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: `${group}/v1`,
  resources: [{ name: 'echoes', namespaced: true, kind: 'Echo', verbs: ['get', 'list'] }],
};

let pkiDir: string;
let frontProxy: FrontProxyPki;
let backend: HttpsServer;
let backendPort = 0;
let caBundle = '';
let otherCaBundle = '';

/** Who the backend saw: the proxy's certificate CN and the X-Remote headers. */
function whoAmI(req: IncomingMessage): JsonObject {
  const socket = req.socket as TLSSocket;
  const header = (name: string): string => [req.headers[name] ?? []].flat().join(', ');
  return {
    authorized: socket.authorized,
    cn: socket.getPeerCertificate().subject.CN ?? '',
    user: header('x-remote-user'),
    groups: header('x-remote-group'),
    extra: header('x-remote-extra-team'),
    authorization: req.headers['authorization'] === undefined ? 'absent' : 'present',
  };
}

beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'front-proxy-'));
  frontProxy = await ensureFrontProxyPki(pkiDir);
  const ca = await createCertificateAuthority('aggregated-ca');
  caBundle = Buffer.from(ca.cert).toString('base64');
  otherCaBundle = Buffer.from((await createCertificateAuthority('other')).cert).toString('base64');
  const serving = await ca.issue({
    commonName: 'echo',
    dnsNames: ['echo.default.svc'],
    usage: 'server',
  });
  backend = createHttpsServer(
    { ...serving, ca: frontProxy.caCert, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const me = whoAmI(req);
      if (me['authorized'] !== true || me['cn'] !== 'front-proxy-client') {
        res.writeHead(401).end('client certificate required');
        return;
      }
      const body = req.url === `/apis/${group}/v1` ? resourceList : { ...me, path: req.url ?? '' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    },
  );
  const sockets = new WebSocketServer({ noServer: true });
  backend.on('upgrade', (req, socket, head) => {
    sockets.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify(whoAmI(req)));
      ws.on('message', (data: Buffer) => {
        ws.send(`echo: ${data.toString('utf8')}`);
      });
    });
  });
  backend.listen(0, '127.0.0.1');
  await once(backend, 'listening');
  backendPort = (backend.address() as AddressInfo).port;
});
afterAll(async () => {
  backend.closeAllConnections();
  backend.close();
  await once(backend, 'close');
  rmSync(pkiDir, { recursive: true, force: true });
});

let store: Store;
let aggregator: Aggregator;
let front: HttpServer;
let frontUrl = '';
const alice: RemoteUser = { name: 'alice', groups: ['devs', 'ops'], extra: { team: ['blue'] } };

function apiServiceObject(spec: JsonObject): KubeObject {
  return {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: `v1.${group}` },
    spec: { group, version: 'v1', groupPriorityMinimum: 1000, versionPriority: 15, ...spec },
  };
}

const apiServiceKey = `/apiregistration.k8s.io/apiservices//v1.${group}`;

function writeBackendService(withEndpoints: boolean): void {
  store.create('/core/services/default/echo', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'echo', namespace: 'default' },
    spec: { type: 'ClusterIP', ports: [{ name: 'https', port: 443 }] },
  });
  if (!withEndpoints) return;
  store.create('/core/endpoints/default/echo', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'echo', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: backendPort }] }],
  });
}

function condition(): JsonObject | undefined {
  const status = store.get(apiServiceKey)?.['status'] as { conditions?: JsonObject[] } | undefined;
  return status?.conditions?.find((c) => c['type'] === 'Available');
}

/** Waits until the stored Available condition has `reason` (the loop writes it through the callback). */
async function availableWith(reason: string): Promise<JsonObject | undefined> {
  for (let i = 0; i < 100 && condition()?.['reason'] !== reason; i++) {
    await aggregator.availabilitySettled();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

function routed(): ApiService {
  const apiService = aggregator.route(group, 'v1');
  if (apiService === undefined) throw new Error('not routed');
  return apiService;
}

beforeEach(async () => {
  store = openStore({ path: ':memory:' });
  aggregator = createAggregator({
    store,
    logger: createLogger({ component: 'test', level: 'silent' }),
    resolveService: (namespace, name, port) => {
      if (`${namespace}/${name}` !== 'default/echo') throw new Error('no such service');
      // Port 8443 leads nowhere: port 1 on loopback refuses connections.
      return { host: '127.0.0.1', port: port === 443 ? backendPort : 1 };
    },
    proxyClientCert: { cert: frontProxy.clientCert, key: frontProxy.clientKey },
    onAvailability: (name, status) => {
      const key = `/apiregistration.k8s.io/apiservices//${name}`;
      const current = store.get(key);
      if (current !== undefined) store.update(key, { ...current, status });
    },
  });
  front = createHttpServer((req, res) => {
    void aggregator.proxy(req, res, routed(), alice);
  });
  front.on('upgrade', (req, socket, head) => {
    void aggregator.proxyUpgrade({ req, socket, head }, routed(), alice);
  });
  front.listen(0, '127.0.0.1');
  await once(front, 'listening');
  frontUrl = `127.0.0.1:${(front.address() as AddressInfo).port}`;
});
afterEach(async () => {
  aggregator.close();
  front.closeAllConnections();
  front.close();
  await once(front, 'close');
  store.close();
});

describe('front-proxy PKI', () => {
  it('creates a separate CA and a front-proxy-client certificate once, then reuses them', async () => {
    expect(readFileSync(join(pkiDir, 'front-proxy-ca.crt'), 'utf8')).toBe(frontProxy.caCert);
    expect(await ensureFrontProxyPki(pkiDir)).toEqual(frontProxy);
    const configMap = extensionApiserverAuthentication({
      clientCaCert: 'CLUSTER CA',
      frontProxyCaCert: frontProxy.caCert,
    });
    expect(configMap).toMatchObject({
      metadata: { name: 'extension-apiserver-authentication', namespace: 'kube-system' },
      data: {
        'client-ca-file': 'CLUSTER CA',
        'requestheader-client-ca-file': frontProxy.caCert,
        'requestheader-allowed-names': '["front-proxy-client"]',
        'requestheader-username-headers': '["X-Remote-User"]',
        'requestheader-group-headers': '["X-Remote-Group"]',
        'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
      },
    });
  });
});

describe('availability', () => {
  it.each([
    ['ServiceNotFound', 'service/echo in "default" is not present', 'none'],
    [
      'MissingEndpoints',
      'endpoints for service/echo in "default" have no addresses with port name "https"',
      'service',
    ],
  ])('reports %s', async (reason, message, setup) => {
    if (setup === 'service') {
      writeBackendService(false);
      store.create('/core/endpoints/default/echo', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'echo', namespace: 'default' },
        subsets: [],
      });
    }
    store.create(
      apiServiceKey,
      apiServiceObject({ service: { namespace: 'default', name: 'echo' }, caBundle }),
    );
    expect(await availableWith(reason)).toMatchObject({
      type: 'Available',
      status: 'False',
      reason,
      message,
    });
  });

  it('becomes Available once the Service and its endpoints exist and discovery answers', async () => {
    store.create(
      apiServiceKey,
      apiServiceObject({ service: { namespace: 'default', name: 'echo' }, caBundle }),
    );
    expect(await availableWith('ServiceNotFound')).toMatchObject({ status: 'False' });
    writeBackendService(true);
    expect(await availableWith('Passed')).toMatchObject({
      status: 'True',
      message: 'all checks passed',
    });
  });

  it('reports FailedDiscoveryCheck when the backend does not answer', async () => {
    writeBackendService(true);
    const spec = { service: { namespace: 'default', name: 'echo', port: 8443 }, caBundle };
    store.update('/core/services/default/echo', {
      ...(store.get('/core/services/default/echo') as KubeObject),
      spec: { type: 'ClusterIP', ports: [{ name: 'https', port: 8443 }] },
    });
    store.create(apiServiceKey, apiServiceObject(spec));
    const found = await availableWith('FailedDiscoveryCheck');
    expect(found).toMatchObject({ status: 'False' });
    expect(found?.['message']).toBe(
      `failing or missing response from https://127.0.0.1:1/apis/${group}/v1: Get "https://127.0.0.1:1/apis/${group}/v1": dial tcp 127.0.0.1:1: connect: connection refused`,
    );
  });

  it('reports a local APIService as always available', async () => {
    store.create(apiServiceKey, apiServiceObject({ service: null }));
    expect(await availableWith('Local')).toMatchObject({ status: 'True' });
    expect(aggregator.route(group, 'v1')).toBeUndefined();
  });
});

describe('proxying', () => {
  async function available(spec: JsonObject = {}): Promise<void> {
    writeBackendService(true);
    store.create(
      apiServiceKey,
      apiServiceObject({ service: { namespace: 'default', name: 'echo' }, caBundle, ...spec }),
    );
    await availableWith('Passed');
  }

  it('forwards a request with the proxy certificate and the user in X-Remote headers', async () => {
    await available();
    const res = await fetch(`http://${frontUrl}/apis/${group}/v1/namespaces/x/echoes?limit=5`, {
      headers: { authorization: 'Bearer secret', 'x-remote-user': 'forged' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      authorized: true,
      cn: 'front-proxy-client',
      user: 'alice',
      groups: 'devs, ops',
      extra: 'blue',
      authorization: 'absent',
      path: `/apis/${group}/v1/namespaces/x/echoes?limit=5`,
    });
  });

  it('answers 503 service unavailable while the APIService is not Available', async () => {
    store.create(
      apiServiceKey,
      apiServiceObject({ service: { namespace: 'default', name: 'echo' }, caBundle }),
    );
    await availableWith('ServiceNotFound');
    const res = await fetch(`http://${frontUrl}/apis/${group}/v1/echoes`);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('service unavailable\n');
  });

  it('refuses a backend whose certificate the caBundle does not sign', async () => {
    await available();
    const current = store.get(apiServiceKey) as KubeObject;
    store.update(apiServiceKey, {
      ...current,
      spec: { ...(current['spec'] as JsonObject), caBundle: otherCaBundle },
    });
    const res = await fetch(`http://${frontUrl}/apis/${group}/v1/echoes`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('certificate signed by unknown authority');
  });

  it('fetches the backend discovery document', async () => {
    await available();
    expect(await aggregator.discovery(routed())).toEqual(resourceList);
    expect(aggregator.groups()).toEqual([{ name: group, versions: ['v1'] }]);
  });

  it('proxies a WebSocket upgrade both ways with the user headers', async () => {
    await available();
    const ws = new WebSocket(`ws://${frontUrl}/apis/${group}/v1/namespaces/x/echoes/e/stream`);
    const messages: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        messages.push(data.toString('utf8'));
        if (messages.length === 1) ws.send('hello');
        else resolve();
      });
      ws.on('error', reject);
    });
    await done;
    ws.close();
    expect(JSON.parse(messages[0] ?? '{}')).toMatchObject({
      cn: 'front-proxy-client',
      user: 'alice',
      groups: 'devs, ops',
    });
    expect(messages[1]).toBe('echo: hello');
  });
});
