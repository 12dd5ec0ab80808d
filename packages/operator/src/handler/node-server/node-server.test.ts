import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualMachineInstance } from '@podvisor/api';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { DomainStatus } from '../../protocol/v1/index.ts';
import { launcherVmDir } from './launcher-vm-sockets.ts';
import { plainSubprotocol, startNodeServer, type NodeServer } from './node-server.ts';
import { ensureServingCertificate } from './serving-certificate.ts';
import { TokenAuthenticator } from './token-authenticator.ts';
import type { LauncherLink } from './vmi-target.ts';

const virtApi = 'system:serviceaccount:podvisor:virt-api';
const users: Record<string, string> = { good: virtApi, other: 'system:serviceaccount:default:x' };
const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'node-server-')));
const podsDir = join(scratch, 'pods');
const listeners: Server[] = [];
const vncConnections: Socket[] = [];
const serialConnections: Socket[] = [];
const requests: string[] = [];
let domainState: DomainStatus['state'] = 'Running';
let server: NodeServer;

function vmi(name: string, phase: string, podUid: string): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: 'default', uid: `${name}-uid` },
    spec: { domain: { devices: {} } },
    status: { phase, nodeName: 'node1', activePods: { [podUid]: 'node1' } },
  } as VirtualMachineInstance;
}

const vmis = new Map([
  ['default/vm1', vmi('vm1', 'Running', 'pod1')],
  ['default/nosockets', vmi('nosockets', 'Running', 'pod2')],
  ['default/booting', vmi('booting', 'Scheduled', 'pod3')],
]);

const link: LauncherLink = {
  get domain() {
    return { name: 'default_vm1', state: domainState, reason: '', accel: 'tcg' as const };
  },
  request: (method: string) => {
    requests.push(method);
    return Promise.resolve(null);
  },
};

async function listenOn(path: string, onSocket: (socket: Socket) => void): Promise<void> {
  const listener = createServer(onSocket);
  listeners.push(listener);
  await new Promise<void>((resolve) => listener.listen(path, resolve));
}

/** A guest shell on the serial socket: answers `echo $((6*7))` with 42. */
function fakeShell(socket: Socket): void {
  serialConnections.push(socket);
  socket.write('login: ');
  socket.on('data', (data: Buffer) => {
    if (data.toString().includes('echo $((6*7))')) socket.write('42\r\n');
  });
}

beforeAll(async () => {
  const vmDir = launcherVmDir(podsDir, 'pod1');
  mkdirSync(vmDir, { recursive: true });
  await listenOn(join(vmDir, 'serial.sock'), fakeShell);
  await listenOn(join(vmDir, 'vnc.sock'), (socket) => {
    vncConnections.push(socket);
    socket.write('RFB 003.008\n');
  });
  server = await startNodeServer({
    host: '127.0.0.1',
    port: 0,
    certificate: await ensureServingCertificate({ dir: join(scratch, 'cert'), commonName: 'h' }),
    authenticator: new TokenAuthenticator({
      allowedUser: virtApi,
      review: (token) => {
        const user = users[token];
        return Promise.resolve(
          user === undefined ? { authenticated: false } : { authenticated: true, username: user },
        );
      },
    }),
    nodeName: 'node1',
    podsDir,
    trustedRoot: podsDir,
    vmis: { get: (key) => vmis.get(key) },
    sessions: () => new Map([['default/vm1', link]]),
    logger: createLogger({ component: 'test', level: 'silent' }),
    pingIntervalMs: 100,
  });
});

afterAll(async () => {
  await server.close();
  for (const listener of listeners) listener.close();
});

const base = '/v1/namespaces/default/virtualmachineinstances';

/** An HTTPS request to the node endpoint: status, content type and body. */
function call(
  method: string,
  path: string,
  token: string | null = 'good',
): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        rejectUnauthorized: false,
        headers: token === null ? {} : { Authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'],
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A websocket viewer that collects what it receives. */
interface Viewer {
  readonly ws: WebSocket;
  text(): string;
  closed: Promise<{ code: number; reason: string }>;
}

function openViewer(path: string, token = 'good'): Promise<Viewer> {
  const ws = new WebSocket(`wss://127.0.0.1:${String(server.port)}${path}`, [plainSubprotocol], {
    rejectUnauthorized: false,
    headers: { Authorization: `Bearer ${token}` },
  });
  const chunks: Buffer[] = [];
  ws.on('message', (data: Buffer) => chunks.push(data));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
    });
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      resolve({ ws, text: () => Buffer.concat(chunks).toString(), closed });
    });
    ws.once('unexpected-response', (_req, res) => {
      const body: Buffer[] = [];
      res.on('data', (chunk: Buffer) => body.push(chunk));
      res.on('end', () => {
        reject(new Error(`${String(res.statusCode)} ${Buffer.concat(body).toString()}`));
      });
    });
    ws.once('error', reject);
  });
}

/** The message of a Status body. */
const messageOf = (body: Buffer): string =>
  (JSON.parse(body.toString()) as { message: string }).message;

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('the node endpoint', () => {
  it.each([
    { token: null, status: 401, message: /Authorization: Bearer/ },
    { token: 'forged', status: 401, message: /not valid/ },
    { token: 'other', status: 403, message: /system:serviceaccount:default:x" cannot use/ },
  ])('answers $status to a request with token $token', async ({ token, status, message }) => {
    const answer = await call('PUT', `${base}/vm1/pause`, token);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body.toString())).toMatchObject({
      kind: 'Status',
      code: status,
      message: expect.stringMatching(message) as unknown,
    });
    expect(requests).toEqual([]);
  });

  it.each([
    { token: 'forged', status: 401 },
    { token: 'other', status: 403 },
  ])('refuses a websocket with token $token with $status', async ({ token, status }) => {
    await expect(openViewer(`${base}/vm1/console`, token)).rejects.toThrow(
      new RegExp(`^${String(status)} .*"kind":"Status"`),
    );
  });

  it.each([
    {
      path: `${base}/gone/pause`,
      status: 404,
      message: 'VirtualMachineInstance default/gone does not run on node node1',
    },
    { path: `${base}/booting/pause`, status: 409, message: 'VMI is not running' },
    { path: `${base}/vm1/migrate`, status: 404, message: 'serves no migrate' },
  ])('answers $status for PUT $path', async ({ path, status, message }) => {
    const answer = await call('PUT', path);
    expect(answer.status).toBe(status);
    expect(messageOf(answer.body)).toContain(message);
  });

  it('pauses through the launcher link (204), and refuses to pause a paused VMI (409)', async () => {
    domainState = 'Running';
    expect((await call('PUT', `${base}/vm1/pause`)).status).toBe(204);
    expect(requests).toEqual(['Pause']);
    domainState = 'Paused';
    const again = await call('PUT', `${base}/vm1/pause`);
    expect(again.status).toBe(409);
    expect(messageOf(again.body)).toBe(
      'Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "vm1": VMI is already paused',
    );
    expect((await call('PUT', `${base}/vm1/unpause`)).status).toBe(204);
    expect(requests).toEqual(['Pause', 'Unpause']);
    domainState = 'Running';
  });

  it('shares the serial console: both viewers see the answer typed by one, a later one gets the scrollback', async () => {
    const first = await openViewer(`${base}/vm1/console`);
    const second = await openViewer(`${base}/vm1/console`);
    expect(first.ws.protocol).toBe(plainSubprotocol);
    second.ws.send(Buffer.from('echo $((6*7))\n'));
    await until(
      '42 on both',
      () => first.text().includes('42\r\n') && second.text().includes('42\r\n'),
    );
    const third = await openViewer(`${base}/vm1/console`);
    await until('the scrollback', () => third.text().includes('login: 42\r\n'));
    expect(serialConnections).toHaveLength(1);
    for (const viewer of [first, second, third]) viewer.ws.close();
  });

  it('gives each VNC viewer its own connection to the display', async () => {
    const viewers = await Promise.all([
      openViewer(`${base}/vm1/vnc`),
      openViewer(`${base}/vm1/vnc`),
    ]);
    await until('two banners', () => viewers.every((v) => v.text() === 'RFB 003.008\n'));
    expect(vncConnections.length).toBeGreaterThanOrEqual(2);
    for (const viewer of viewers) viewer.ws.close();
  });

  it('closes a stream with 1011 and a reason when the socket goes away', async () => {
    const viewer = await openViewer(`${base}/vm1/vnc`);
    await until('the banner', () => viewer.text() !== '');
    vncConnections.at(-1)?.destroy();
    expect(await viewer.closed).toEqual({
      code: 1011,
      reason: 'the VNC display closed: the VM stopped or its launcher went away',
    });
  });

  it('answers 503 naming the stream when its socket is missing', async () => {
    await expect(openViewer(`${base}/nosockets/spice`)).rejects.toThrow(
      /^503 .*cannot reach the SPICE display of VirtualMachineInstance default\/nosockets/,
    );
  });

  it('pings every stream', async () => {
    const viewer = await openViewer(`${base}/vm1/console`);
    let pings = 0;
    viewer.ws.on('ping', () => pings++);
    await until('a ping', () => pings > 0);
    viewer.ws.close();
  });
});
