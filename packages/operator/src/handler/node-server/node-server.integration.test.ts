// virt-handler's node endpoint against the embedded cluster and a REAL launcher (tiny guest,
// TCG): authentication by TokenReview, the serial console shared by several viewers with its
// scrollback, two VNC viewers on one display, a screenshot, and pause through the launcher.
import { type ChildProcess, execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import type { KubeConfig, V1Node, V1Pod } from '@kubernetes/client-node';
import { kubevirtResources, type VirtualMachineInstance } from '@podvisor/api';
import { startTestCluster, type TestCluster } from '@podvisor/cluster/testing';
import {
  createEventRecorder,
  createLogger,
  KubeClient,
  loadKubeConfig,
  type FlushableEventRecorder,
  type Logger,
} from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { launcherPodLayout } from '../../shared/launcher-pod-layout.ts';
import { startVirtHandler, type VirtHandler } from '../start-virt-handler.ts';
import { launchScheduledVmi } from '../testing/launch-scheduled-vmi.ts';
import { plainSubprotocol, servingCertAnnotation } from './index.ts';

const repo = join(import.meta.dirname, '..', '..', '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'podvisor-node-endpoint-it-'));
const dataDir = join(scratch, 'data');
const podsDir = join(scratch, 'pods');
const vmiType = kubevirtResources.virtualmachineinstances;
const podType = { apiVersion: 'v1', plural: 'pods', namespaced: true } as const;
const nodeType = { apiVersion: 'v1', plural: 'nodes', namespaced: false } as const;
const base = '/v1/namespaces/default/virtualmachineinstances/vm1';

let cluster: TestCluster;
let kubeConfig: KubeConfig;
let client: KubeClient;
let logger: Logger;
let events: FlushableEventRecorder;
let handler: VirtHandler;
let launcher: ChildProcess | undefined;
let port: number;
const tokens = { virtApi: '', other: '' };

/** Polls `read` until `check` holds for its value; fails naming `what` after `timeoutMs`. */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const getVmi = async (): Promise<VirtualMachineInstance> => {
  const vmi = await client.get<VirtualMachineInstance>(vmiType, 'default/vm1');
  if (vmi === undefined) throw new Error('VMI vm1 is gone');
  return vmi;
};

async function kubectl(args: string[]): Promise<string> {
  const result = await cluster.kubectl(args);
  if (result.stderr !== '') throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** The VMI, its Running launcher pod and the launcher process, as in the handler's test. */
async function launch(): Promise<void> {
  const launched = await launchScheduledVmi({
    client,
    name: 'vm1',
    node: 'node1',
    podsDir,
    dataDir,
    capabilitiesCacheDir: join(scratch, 'capabilities'),
    terminationGracePeriodSeconds: 5,
  });
  launcher = launched.child;
  await eventually('vm1 Running', getVmi, (v) => v.status?.phase === 'Running');
  const serialLog = join(launched.privateDir, launcherPodLayout.serialLog);
  await eventually(
    'the guest shell',
    () => readFile(serialLog, 'utf8').catch(() => ''),
    (log) => log.includes('podvisor-guest-ready'),
  );
}

/** The handler's own pod, as the DaemonSet would have it. */
async function createHandlerPod(): Promise<void> {
  await client.create<V1Pod>(podType, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'virt-handler-x7k2p',
      namespace: 'podvisor',
      labels: { 'kubevirt.io': 'virt-handler' },
    },
    spec: { nodeName: 'node1', containers: [{ name: 'virt-handler', image: 'virt-handler:dev' }] },
  });
}

/** An HTTPS request to the endpoint. */
function call(
  method: string,
  path: string,
  token: string | null,
): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
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

interface Viewer {
  readonly ws: WebSocket;
  text(): string;
  bytes(): Buffer;
}

function openViewer(path: string): Promise<Viewer> {
  const ws = new WebSocket(`wss://127.0.0.1:${String(port)}${path}`, [plainSubprotocol], {
    rejectUnauthorized: false,
    headers: { Authorization: `Bearer ${tokens.virtApi}` },
  });
  const chunks: Buffer[] = [];
  ws.on('message', (data: Buffer) => chunks.push(data));
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      resolve({
        ws,
        text: () => Buffer.concat(chunks).toString('latin1'),
        bytes: () => Buffer.concat(chunks),
      });
    });
    ws.once('error', reject);
  });
}

const sees = (viewer: Viewer, pattern: RegExp, what: string): Promise<string> =>
  eventually(
    what,
    () => Promise.resolve(viewer.text()),
    (text) => pattern.test(text),
    30_000,
  );

/** What `viewer` received, once it is at least `length` bytes. */
const received = (viewer: Viewer, length: number): Promise<Buffer> =>
  eventually(
    `${String(length)} bytes`,
    () => Promise.resolve(viewer.bytes()),
    (b) => b.length >= length,
    30_000,
  );

/**
 * The RFB 3.8 handshake up to ServerInit, asking for EXCLUSIVE access (ClientInit shared-flag
 * 0, TigerVNC's default), which QEMU's default share policy answers by dropping the others.
 * Resolves with the number of bytes the handshake took.
 */
async function joinExclusively(viewer: Viewer): Promise<number> {
  await received(viewer, 12);
  viewer.ws.send(Buffer.from('RFB 003.008\n'));
  const types = (await received(viewer, 13))[12] ?? 0;
  expect(viewer.bytes().subarray(13, 13 + types)).toContain(1); // security type None
  viewer.ws.send(Buffer.from([1]));
  const result = 13 + types;
  expect((await received(viewer, result + 4)).readUInt32BE(result)).toBe(0);
  viewer.ws.send(Buffer.from([0]));
  const init = result + 4;
  const nameLength = (await received(viewer, init + 24)).readUInt32BE(init + 20);
  await received(viewer, init + 24 + nameLength);
  return init + 24 + nameLength;
}

/** The SHA-256 of the certificate the endpoint presents. */
function presentedFingerprint(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(createHash('sha256').update(raw).digest('hex'));
    });
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  mkdirSync(podsDir, { recursive: true });
  await promisify(execFile)(process.execPath, [
    join(repo, 'apps', 'cli', 'bin', 'podvisor.js'),
    ...['images', 'build', 'tiny', '--data-dir', dataDir],
  ]);
  cluster = await startTestCluster();
  kubeConfig = loadKubeConfig({ KUBECONFIG: cluster.kubeconfigPath });
  client = new KubeClient({ kubeConfig, fieldManager: 'node-endpoint-test' });
  logger = createLogger({
    component: 'virt-handler',
    level: 'debug',
    destination: join(scratch, 'handler.log'),
  });
  events = createEventRecorder({ kubeConfig, component: 'virt-handler', host: 'node1', logger });
  await kubectl(['apply', '-f', join(repo, 'deploy', 'base', 'crds')]);
  await cluster.kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s']);
  await client.create(kubevirtResources.kubevirts, {
    apiVersion: 'kubevirt.io/v1',
    kind: 'KubeVirt',
    metadata: { name: 'kubevirt', namespace: 'default' },
    spec: { configuration: { developerConfiguration: { useEmulation: true } } },
  });
  await client.create<V1Node>(nodeType, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node1', labels: { 'kubernetes.io/hostname': 'node1' } },
  });
  await kubectl(['create', 'namespace', 'podvisor']);
  await kubectl(['create', 'serviceaccount', 'virt-api', '-n', 'podvisor']);
  await kubectl(['create', 'serviceaccount', 'virt-controller', '-n', 'podvisor']);
  tokens.virtApi = await kubectl(['create', 'token', 'virt-api', '-n', 'podvisor']);
  tokens.other = await kubectl(['create', 'token', 'virt-controller', '-n', 'podvisor']);
  await createHandlerPod();
  handler = await startVirtHandler({
    kubeConfig,
    nodeName: 'node1',
    podsDir,
    events,
    logger,
    nodeEndpoint: {
      host: '127.0.0.1',
      port: 0,
      certificateDir: join(scratch, 'state', 'virt-handler', 'node1'),
      pod: { namespace: 'podvisor', name: 'virt-handler-x7k2p' },
      caller: { namespace: 'podvisor', name: 'virt-api' },
      pingIntervalMs: 1_000,
    },
  });
  port = handler.nodeEndpointPort ?? 0;
  await launch();
}, 300_000);

afterAll(async () => {
  await handler.stop();
  if (launcher?.exitCode === null) launcher.kill('SIGKILL');
  try {
    execFileSync('pkill', ['-9', '-f', scratch]);
  } catch {
    // nothing left
  }
  await cluster.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
  rmSync(scratch, { recursive: true, force: true });
});

describe("virt-handler's node endpoint", () => {
  it('publishes the fingerprint of the certificate it serves on its own pod', async () => {
    const pod = await client.get<V1Pod>(podType, 'podvisor/virt-handler-x7k2p');
    expect(pod?.metadata?.annotations?.[servingCertAnnotation]).toBe(await presentedFingerprint());
  });

  it.each([
    { who: 'no token', token: () => null, status: 401 },
    { who: 'a forged token', token: () => 'not-a-token', status: 401 },
    { who: "another ServiceAccount's token", token: () => tokens.other, status: 403 },
  ])('answers $status to $who', async ({ token, status }) => {
    const answer = await call('PUT', `${base}/pause`, token());
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ kind: 'Status', code: status });
  });

  it('shares the serial console: two viewers see 42 typed by one, a later viewer gets the scrollback', async () => {
    const first = await openViewer(`${base}/console`);
    const second = await openViewer(`${base}/console`);
    expect(first.ws.protocol).toBe(plainSubprotocol);
    first.ws.send(Buffer.from('echo $((6*7))\n'));
    await sees(first, /^42\r?$/m, '42 on the first viewer');
    await sees(second, /^42\r?$/m, '42 on the second viewer');
    const third = await openViewer(`${base}/console`);
    expect(await sees(third, /^42\r?$/m, 'the scrollback')).toContain('echo $((6*7))');
    for (const viewer of [first, second, third]) viewer.ws.close();
  });

  it('lets two VNC viewers on the display at once, even when both ask for exclusive access', async () => {
    const [first, second] = await Promise.all([
      openViewer(`${base}/vnc`),
      openViewer(`${base}/vnc`),
    ]);
    for (const viewer of [first, second]) await sees(viewer, /^RFB 003\.008\n/, 'the RFB banner');
    const handshake = await joinExclusively(first);
    await joinExclusively(second);
    // The first viewer still gets frames: FramebufferUpdateRequest → FramebufferUpdate (type 0).
    first.ws.send(Buffer.from([3, 0, 0, 0, 0, 0, 0, 1, 0, 1]));
    expect((await received(first, handshake + 1))[handshake]).toBe(0);
    expect(first.ws.readyState).toBe(WebSocket.OPEN);
    for (const viewer of [first, second]) viewer.ws.close();
  });

  it('answers a screenshot as PNG', async () => {
    const answer = await call('GET', `${base}/vnc/screenshot`, tokens.virtApi);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('image/png');
    expect(answer.body.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('pauses (204, the VMI shows Paused), refuses a second pause (409), and unpauses', async () => {
    expect((await call('PUT', `${base}/pause`, tokens.virtApi)).status).toBe(204);
    const paused = await eventually('the Paused condition', getVmi, (v) =>
      (v.status?.conditions ?? []).some((c) => c.type === 'Paused' && c.status === 'True'),
    );
    expect(paused.status?.phase).toBe('Running');
    const again = await call('PUT', `${base}/pause`, tokens.virtApi);
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body.toString())).toMatchObject({
      message: expect.stringContaining('VMI is already paused') as unknown,
    });
    expect((await call('PUT', `${base}/unpause`, tokens.virtApi)).status).toBe(204);
    await eventually(
      'no Paused condition',
      getVmi,
      (v) => !(v.status?.conditions ?? []).some((c) => c.type === 'Paused' && c.status === 'True'),
    );
  });
});
