// Console websockets end to end: browser → BFF (a local WebSocketServer playing the upgrade
// router) → the real embedded API server (authentication, RBAC, API aggregation through an
// APIService) → an HTTPS+ws stand-in for virt-api's streaming endpoint.
import { once } from 'node:events';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import { addUser } from '@podvisor/cluster';
import { eventually, startTestCluster, until, type TestCluster } from '@podvisor/cluster/testing';
import { createCertificateAuthority, createLogger } from '@podvisor/kube';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type ClientOptions, type RawData } from 'ws';
import type { Credential } from '../upstream/credential.ts';
import { createUpstream, type Upstream } from '../upstream/upstream.ts';
import {
  createConsoleProxy,
  kubevirtSubprotocol,
  type ConsoleKind,
  type ConsoleProxy,
  type ConsoleProxyOptions,
} from './console-proxy.ts';

const group = 'subresources.kubevirt.io';
const streamPath =
  /^\/apis\/subresources\.kubevirt\.io\/v1\/namespaces\/([^/]+)\/virtualmachineinstances\/([^/]+)\/([a-z]+)/;

interface Frame {
  readonly binary: boolean;
  readonly bytes: Buffer;
}

interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** One websocket the virt-api stand-in accepted. */
interface StandInConnection {
  readonly url: string;
  readonly user: string;
  readonly protocol: string;
  readonly socket: WebSocket;
  readonly frames: Frame[];
  readonly closed: Promise<Closed>;
}

const logger = createLogger({ component: 'console-proxy-test', level: 'silent' });
let cluster: TestCluster;
let upstream: Upstream;
let standIn: HttpsServer;
let router: HttpServer;
let routerPort = 0;
let proxy: ConsoleProxy;
const standInConnections: StandInConnection[] = [];
const credentials = new Map<string, Credential>();

function closedPromise(socket: WebSocket): Promise<Closed> {
  return new Promise((resolve) => {
    socket.on('close', (code: number, reason: Buffer) => {
      resolve({ code, reason: reason.toString('utf8') });
    });
  });
}

function recordFrames(socket: WebSocket, frames: Frame[]): void {
  socket.on('message', (data: RawData, binary: boolean) => {
    frames.push({ binary, bytes: Buffer.from(data as Buffer) });
  });
}

/** Answers a handshake with a Kubernetes Status, as virt-api refuses a stream. */
function refuse(socket: Duplex, code: number, reason: string, message: string): void {
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message,
    reason,
    code,
  });
  socket.end(
    `HTTP/1.1 ${String(code)} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${String(Buffer.byteLength(body))}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** virt-api's streaming endpoint: `running` echoes, `mute` never pongs, `stopped` is refused. */
async function startStandIn(): Promise<{ port: number; caBundle: string }> {
  const ca = await createCertificateAuthority('virt-api-stand-in');
  const serving = await ca.issue({
    commonName: 'stand-in',
    dnsNames: ['stand-in.default.svc'],
    usage: 'server',
  });
  standIn = createHttpsServer(serving, (req, res) => {
    const discovery = {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: `${group}/v1`,
      resources: [],
    };
    if (req.url === `/apis/${group}/v1`)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(discovery));
    else res.writeHead(404).end();
  });
  const handleProtocols = (): string => kubevirtSubprotocol;
  const echo = new WebSocketServer({ noServer: true, handleProtocols });
  const mute = new WebSocketServer({ noServer: true, handleProtocols, autoPong: false });
  standIn.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    const [, , name = ''] = streamPath.exec(req.url ?? '') ?? [];
    if (name === 'stopped') {
      refuse(
        socket,
        409,
        'Conflict',
        `Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "stopped": VMI is not running`,
      );
      return;
    }
    if (name !== 'running' && name !== 'mute') {
      refuse(socket, 404, 'NotFound', `virtualmachineinstance.kubevirt.io "${name}" not found`);
      return;
    }
    (name === 'mute' ? mute : echo).handleUpgrade(req, socket, head, (ws) => {
      const connection: StandInConnection = {
        url: req.url ?? '',
        user: String(req.headers['x-remote-user'] ?? ''),
        protocol: ws.protocol,
        socket: ws,
        frames: [],
        closed: closedPromise(ws),
      };
      recordFrames(ws, connection.frames);
      ws.on('message', (data: RawData) => {
        ws.send(data as Buffer, { binary: true });
      });
      standInConnections.push(connection);
    });
  });
  standIn.listen(0, '127.0.0.1');
  await once(standIn, 'listening');
  return {
    port: (standIn.address() as AddressInfo).port,
    caBundle: Buffer.from(ca.cert).toString('base64'),
  };
}

/** A Role for the consoles, alice bound to it, and the stand-in registered as an APIService. */
function clusterObjects(standInPort: number, caBundle: string): unknown[] {
  const rbac = 'rbac.authorization.k8s.io';
  return [
    {
      apiVersion: `${rbac}/v1`,
      kind: 'Role',
      metadata: { name: 'vm-consoles', namespace: 'default' },
      rules: [
        {
          apiGroups: [group],
          resources: ['console', 'vnc', 'spice'].map((s) => `virtualmachineinstances/${s}`),
          verbs: ['get'],
        },
      ],
    },
    {
      apiVersion: `${rbac}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'alice-consoles', namespace: 'default' },
      roleRef: { apiGroup: rbac, kind: 'Role', name: 'vm-consoles' },
      subjects: [{ apiGroup: rbac, kind: 'User', name: 'alice' }],
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'stand-in', namespace: 'default' },
      spec: { ports: [{ name: 'https', port: 443 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'stand-in', namespace: 'default' },
      subsets: [
        { addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: standInPort }] },
      ],
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: `v1.${group}` },
      spec: {
        group,
        version: 'v1',
        groupPriorityMinimum: 1000,
        versionPriority: 15,
        service: { name: 'stand-in', namespace: 'default', port: 443 },
        caBundle,
      },
    },
  ];
}

/** The lead's upgrade router, reduced: `/api/consoles/{ns}/{vmi}/{kind}?as={user}`. */
async function startRouter(): Promise<void> {
  router = createHttpServer();
  const sockets = new WebSocketServer({ server: router });
  sockets.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'http://bff');
    const [, , , namespace = '', name = '', kind = ''] = url.pathname.split('/');
    const credential = credentials.get(url.searchParams.get('as') ?? '');
    if (credential === undefined) throw new Error(`no credential for ${url.search}`);
    proxy.attach(socket, credential, { namespace, name, kind: kind as ConsoleKind });
  });
  router.listen(0, '127.0.0.1');
  await once(router, 'listening');
  routerPort = (router.address() as AddressInfo).port;
}

interface Browser {
  readonly ws: WebSocket;
  readonly frames: Frame[];
  readonly closed: Promise<Closed>;
}

async function openBrowser(
  as: string,
  vmi: string,
  kind = 'serial',
  options: ClientOptions = {},
): Promise<Browser> {
  const ws = new WebSocket(
    `ws://127.0.0.1:${String(routerPort)}/api/consoles/default/${vmi}/${kind}?as=${as}`,
    options,
  );
  const frames: Frame[] = [];
  recordFrames(ws, frames);
  ws.on('error', () => undefined);
  const closed = closedPromise(ws);
  await once(ws, 'open');
  return { ws, frames, closed };
}

function useProxy(overrides: Partial<ConsoleProxyOptions> = {}): ConsoleProxy {
  proxy.close();
  proxy = createConsoleProxy({ upstream, logger, ...overrides });
  return proxy;
}

/** The stand-in connection that `count` connections in. */
async function standInConnection(count: number): Promise<StandInConnection> {
  return eventually(() => standInConnections[count - 1], `stand-in connection #${String(count)}`);
}

beforeAll(async () => {
  cluster = await startTestCluster();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  upstream = createUpstream(kubeConfig);
  for (const name of ['alice', 'bob']) {
    const user = addUser({ dataDir: cluster.dataDir, name, groups: [] });
    credentials.set(name, { kind: 'bearer', token: user.token });
  }
  credentials.set('admin', { kind: 'kubeconfig' });
  credentials.set('stranger', { kind: 'bearer', token: 'not-a-token' });
  const { port, caBundle } = await startStandIn();
  const list = { apiVersion: 'v1', kind: 'List', items: clusterObjects(port, caBundle) };
  const applied = await cluster.kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(list) });
  expect(applied.stderr).toBe('');
  await eventually(async () => {
    const got = await cluster.kubectl([
      'get',
      'apiservice',
      `v1.${group}`,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Available")].status}',
    ]);
    return got.stdout === 'True' ? true : undefined;
  }, 'the stand-in APIService to become Available');
  await startRouter();
});

beforeEach(() => {
  proxy = createConsoleProxy({ upstream, logger });
});

afterEach(() => {
  proxy.close();
  standInConnections.length = 0;
});

afterAll(async () => {
  router.closeAllConnections();
  router.close();
  standIn.closeAllConnections();
  standIn.close();
  upstream.close();
  await cluster.close();
});

describe('splicing', () => {
  it('copies binary frames browser → API server → virt-api and back, as the user', async () => {
    const browser = await openBrowser('alice', 'running');
    const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff]);
    browser.ws.send(bytes);
    await until(() => browser.frames.length === 1, 'the echo');
    expect(browser.frames[0]).toEqual({ binary: true, bytes });
    const connection = await standInConnection(1);
    expect(connection).toMatchObject({
      url: `/apis/${group}/v1/namespaces/default/virtualmachineinstances/running/console`,
      user: 'alice',
      protocol: kubevirtSubprotocol,
    });
    expect(connection.frames).toEqual([{ binary: true, bytes }]);
  });

  it('sends a text frame from the browser upstream as binary bytes', async () => {
    const browser = await openBrowser('alice', 'running');
    browser.ws.send('ls -l\r');
    await until(() => browser.frames.length === 1, 'the echo');
    expect((await standInConnection(1)).frames).toEqual([
      { binary: true, bytes: Buffer.from('ls -l\r') },
    ]);
    expect(browser.frames[0]).toEqual({ binary: true, bytes: Buffer.from('ls -l\r') });
  });

  it.each([
    ['vnc', 'vnc?preserveSession=true'],
    ['spice', 'spice'],
  ])('opens the %s console at virt-api’s %s subresource', async (kind, subresource) => {
    await openBrowser('admin', 'running', kind);
    expect((await standInConnection(1)).url).toBe(
      `/apis/${group}/v1/namespaces/default/virtualmachineinstances/running/${subresource}`,
    );
  });

  it('delivers in order the frames the browser sent before the console opened', async () => {
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    useProxy({ upstream: { ...upstream, dial: async (c) => gate.then(() => upstream.dial(c)) } });
    const browser = await openBrowser('alice', 'running');
    for (const text of ['one', 'two', 'three']) browser.ws.send(Buffer.from(text));
    // The BFF answers this ping after it has read the three frames before it.
    browser.ws.ping();
    await once(browser.ws, 'pong');
    open();
    await until(() => browser.frames.length === 3, 'three echoes');
    expect(browser.frames.map((f) => f.bytes.toString())).toEqual(['one', 'two', 'three']);
  });
});

describe('refused consoles', () => {
  const forbidden =
    'virtualmachineinstances.subresources.kubevirt.io "running" is forbidden: User "bob" cannot get resource "virtualmachineinstances/console" in API group "subresources.kubevirt.io" in the namespace "default"';

  it.each([
    {
      case: 'a user without RBAC',
      as: 'bob',
      vmi: 'running',
      code: 4403,
      reason: forbidden.slice(0, 123),
    },
    {
      case: 'an unknown credential',
      as: 'stranger',
      vmi: 'running',
      code: 4401,
      reason: 'Unauthorized',
    },
    {
      case: 'an unknown VMI',
      as: 'alice',
      vmi: 'ghost',
      code: 4404,
      reason: 'virtualmachineinstance.kubevirt.io "ghost" not found',
    },
    {
      case: 'a VMI that is not running',
      as: 'alice',
      vmi: 'stopped',
      code: 4409,
      reason:
        'Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "stopped": VMI is not running',
    },
    {
      case: 'an invalid VMI name',
      as: 'alice',
      vmi: 'Bad_Name',
      code: 4400,
      reason: 'invalid VMI name "Bad_Name": it must be a DNS-1123 subdomain',
    },
  ])(
    'closes the browser for $case with $code and the message',
    async ({ as, vmi, code, reason }) => {
      const browser = await openBrowser(as, vmi);
      expect(await browser.closed).toEqual({ code, reason });
      expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
      expect(proxy.stats()).toEqual({ open: 0 });
    },
  );

  it('closes the browser with 4502 when the API server cannot be reached', async () => {
    const unreachable = async (c: Credential) => ({
      ...(await upstream.dial(c)),
      base: 'wss://127.0.0.1:1',
    });
    useProxy({ upstream: { ...upstream, dial: unreachable } });
    const browser = await openBrowser('alice', 'running');
    const closed = await browser.closed;
    expect(closed.code).toBe(4502);
    expect(closed.reason).toContain('ECONNREFUSED');
  });

  it('closes the browser with 4500 when the credential cannot be prepared', async () => {
    useProxy({
      upstream: { ...upstream, dial: () => Promise.reject(new Error('exec plugin failed')) },
    });
    const browser = await openBrowser('alice', 'running');
    expect(await browser.closed).toEqual({ code: 4500, reason: 'cannot dial: exec plugin failed' });
  });

  it('closes the browser with 4413 when it sends too much before the console opens', async () => {
    useProxy({
      maxPendingBytes: 16,
      upstream: { ...upstream, dial: () => new Promise(() => undefined) },
    });
    const browser = await openBrowser('alice', 'running');
    browser.ws.send(Buffer.alloc(17));
    expect(await browser.closed).toEqual({
      code: 4413,
      reason: 'more than 16 bytes sent before the console opened',
    });
    expect(proxy.stats()).toEqual({ open: 0 });
  });
});

describe('closing', () => {
  it.each([
    [1000, 'the guest console ended'],
    [4321, 'a code of virt-api’s own'],
  ])(
    'closes the browser when the console closes with %i, keeping code and reason',
    async (code, reason) => {
      const browser = await openBrowser('alice', 'running');
      const connection = await standInConnection(1);
      connection.socket.close(code, reason);
      expect(await browser.closed).toEqual({ code, reason });
      await until(() => proxy.stats().open === 0, 'the pair to be forgotten');
    },
  );

  it('closes the browser with 4502 when the console connection drops', async () => {
    const browser = await openBrowser('alice', 'running');
    (await standInConnection(1)).socket.terminate();
    expect(await browser.closed).toEqual({
      code: 4502,
      reason: 'the connection to the console was lost',
    });
  });

  it('closes the console when the browser closes', async () => {
    const browser = await openBrowser('alice', 'running');
    const connection = await standInConnection(1);
    expect(proxy.stats()).toEqual({ open: 1 });
    browser.ws.close(1000, 'tab closed');
    expect(await connection.closed).toEqual({ code: 1000, reason: 'tab closed' });
    expect(proxy.stats()).toEqual({ open: 0 });
  });

  it('closes every pair with 1001 on close(), and later browsers too', async () => {
    const browsers = [
      await openBrowser('alice', 'running'),
      await openBrowser('admin', 'running', 'vnc'),
    ];
    const connections = [await standInConnection(1), await standInConnection(2)];
    expect(proxy.stats()).toEqual({ open: 2 });
    proxy.close();
    const goingAway = { code: 1001, reason: 'the server is shutting down' };
    expect(await Promise.all(browsers.map((b) => b.closed))).toEqual([goingAway, goingAway]);
    expect(await Promise.all(connections.map((c) => c.closed))).toEqual([goingAway, goingAway]);
    expect(proxy.stats()).toEqual({ open: 0 });
    expect(await (await openBrowser('alice', 'running')).closed).toEqual(goingAway);
  });
});

describe('keep-alive', () => {
  it('terminates a browser that stops answering pings, and closes its console', async () => {
    useProxy({ pingIntervalMs: 50 });
    const browser = await openBrowser('alice', 'running', 'serial', { autoPong: false });
    const connection = await standInConnection(1);
    expect((await browser.closed).code).toBe(1006);
    expect(await connection.closed).toEqual({
      code: 1001,
      reason: 'the browser stopped answering',
    });
    expect(proxy.stats()).toEqual({ open: 0 });
  });

  it('closes the browser with 4504 when the console stops answering pings', async () => {
    useProxy({ pingIntervalMs: 50 });
    const browser = await openBrowser('alice', 'mute');
    const connection = await standInConnection(1);
    expect(await browser.closed).toEqual({ code: 4504, reason: 'the console stopped answering' });
    expect((await connection.closed).code).toBe(1006);
  });

  it('keeps a pair whose sides answer pings open', async () => {
    useProxy({ pingIntervalMs: 20 });
    const browser = await openBrowser('alice', 'running');
    let pings = 0;
    browser.ws.on('ping', () => (pings += 1));
    await until(() => pings >= 5, 'five pings');
    browser.ws.send(Buffer.from('still here'));
    await until(() => browser.frames.length === 1, 'the echo');
    expect(proxy.stats()).toEqual({ open: 1 });
  });
});
