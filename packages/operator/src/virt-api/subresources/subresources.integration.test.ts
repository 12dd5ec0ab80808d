// The subresource API end to end: the embedded API server proxies (APIService, front-proxy
// authentication) to an in-process virt-api, which writes through the API server and streams
// from a fake virt-handler that behaves as issue 8's interface 1 specifies.
import { once } from 'node:events';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request, type RequestOptions, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { createCertificateAuthority, requestJson } from '@podvisor/kube';
import { WebSocket, WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVirtApi, type RunningVirtApi } from '../run-virt-api.ts';
import { startClusterForTest, type ClusterForTest } from '../start-cluster-for-test.ts';
import { plainSubprotocol, servingCertAnnotation } from './handler-client.ts';

const deployDir = join(import.meta.dirname, '../../../../../deploy/base');
const crdsDir = join(deployDir, 'crds');
const haveCrds =
  existsSync(crdsDir) && readdirSync(crdsDir).filter((f) => f.endsWith('.yaml')).length >= 5;
const api = '/apis/subresources.kubevirt.io/v1/namespaces/default';
const vms = '/apis/kubevirt.io/v1/namespaces/default/virtualmachines';
const vmis = '/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances';

let cluster: ClusterForTest;
let virtApi: RunningVirtApi;
let handler: Server;
const handlerCalls: string[] = [];

interface Answer {
  readonly code: number;
  readonly body: string;
}

function serverUrl(): string {
  return cluster.kubeConfig.getCurrentCluster()?.server ?? '';
}

/** A raw request to the API server as `user` (impersonated by the admin). */
async function asUser(user: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const url = new URL(serverUrl() + path);
  const options: RequestOptions = { method, headers: { 'Impersonate-User': user } };
  await cluster.kubeConfig.applyToHTTPSOptions(options);
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function websocketAs(user: string, path: string): Promise<WebSocket> {
  const url = serverUrl().replace(/^https/, 'wss') + path;
  const options: RequestOptions = { headers: { 'Impersonate-User': user } };
  await cluster.kubeConfig.applyToHTTPSOptions(options);
  return new WebSocket(url, [plainSubprotocol], options);
}

async function get(path: string): Promise<Record<string, unknown>> {
  return (await requestJson(cluster.kubeConfig, { method: 'GET', path })) as Record<
    string,
    unknown
  >;
}

function vm(name: string, runStrategy: string): Record<string, unknown> {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace: 'default' },
    spec: { runStrategy, template: { spec: { domain: { devices: {} } } } },
  };
}

function vmi(name: string, phase: string): Record<string, unknown> {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: 'default' },
    spec: { domain: { devices: {} } },
    status: { phase, nodeName: 'node-a' },
  };
}

/** The fake virt-handler: pause answers 204, the console echoes, all only for virt-api's token. */
async function startFakeHandler(token: string): Promise<{ port: number; fingerprint: string }> {
  const ca = await createCertificateAuthority('fake-virt-handler');
  const serving = await ca.issue({
    commonName: 'virt-handler',
    ipAddresses: ['127.0.0.1'],
    usage: 'server',
  });
  handler = createServer(serving, (req: IncomingMessage, res: ServerResponse) => {
    handlerCalls.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.writeHead(req.headers.authorization === `Bearer ${token}` ? 204 : 401).end();
  });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => plainSubprotocol });
  handler.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handlerCalls.push(`UPGRADE ${req.url ?? ''}`);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data: Buffer) => {
        ws.send(Buffer.concat([Buffer.from('guest:'), data]));
      });
    });
  });
  handler.listen(0, '127.0.0.1');
  await once(handler, 'listening');
  return {
    port: (handler.address() as AddressInfo).port,
    fingerprint: new X509Certificate(serving.cert).fingerprint256,
  };
}

async function untilAvailable(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const got = await cluster.kubectl([
      'get',
      'apiservice',
      'v1.subresources.kubevirt.io',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Available")].status}',
    ]);
    if (got.stdout.startsWith('True')) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the APIService did not become Available');
}

async function registerApiService(): Promise<void> {
  await cluster.create('/api/v1/namespaces/podvisor/services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'virt-api', namespace: 'podvisor' },
    spec: { ports: [{ name: 'https', port: 443, targetPort: 8443 }] },
  });
  await cluster.create('/api/v1/namespaces/podvisor/endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'virt-api', namespace: 'podvisor' },
    subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: virtApi.port }] }],
  });
  await cluster.create('/apis/apiregistration.k8s.io/v1/apiservices', {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: 'v1.subresources.kubevirt.io' },
    spec: {
      group: 'subresources.kubevirt.io',
      version: 'v1',
      groupPriorityMinimum: 1000,
      versionPriority: 15,
      service: { name: 'virt-api', namespace: 'podvisor', port: 443 },
      caBundle: Buffer.from(virtApi.ca).toString('base64'),
    },
  });
  await untilAvailable();
}

/** A Running virt-handler pod on node-a that publishes the fake handler's fingerprint. */
async function createHandlerPod(fingerprint: string): Promise<void> {
  await cluster.create('/api/v1/namespaces/podvisor/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'virt-handler-a',
      namespace: 'podvisor',
      labels: { 'kubevirt.io': 'virt-handler' },
      annotations: { [servingCertAnnotation]: fingerprint },
    },
    spec: { nodeName: 'node-a', containers: [{ name: 'virt-handler', image: 'virt-handler' }] },
  });
  await requestJson(cluster.kubeConfig, {
    method: 'PATCH',
    path: '/api/v1/namespaces/podvisor/pods/virt-handler-a/status',
    contentType: 'application/merge-patch+json',
    body: { status: { phase: 'Running', podIP: '127.0.0.1' } },
  });
}

async function bind(user: string, role: string): Promise<void> {
  await cluster.create('/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${user}-${role}`, namespace: 'default' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  });
}

describe.skipIf(!haveCrds)('the subresources.kubevirt.io API through the aggregator', () => {
  beforeAll(async () => {
    cluster = await startClusterForTest();
    expect((await cluster.kubectl(['apply', '-f', crdsDir])).stderr).toBe('');
    expect(
      (await cluster.kubectl(['apply', '-f', join(deployDir, 'rbac/aggregated-roles.yaml')])).code,
    ).toBe(0);
    await cluster.create('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'podvisor' },
    });
    const options: RequestOptions = { headers: {} };
    await cluster.kubeConfig.applyToHTTPSOptions(options);
    const token = String((options.headers as Record<string, string>)['Authorization']).replace(
      'Bearer ',
      '',
    );
    const fake = await startFakeHandler(token);
    virtApi = await runVirtApi({
      kubeConfig: cluster.kubeConfig,
      logger: cluster.logger,
      namespace: 'podvisor',
      port: 0,
      host: '127.0.0.1',
      extraNames: ['127.0.0.1'],
      handlerPort: fake.port,
    });
    await registerApiService();
    await createHandlerPod(fake.fingerprint);
    await bind('viewer', 'view');
    await bind('editor', 'edit');
  }, 60_000);

  afterAll(async () => {
    await virtApi.close();
    handler.closeAllConnections();
    handler.close();
    await cluster.close();
  });

  interface LifecycleCase {
    readonly name: string;
    readonly runStrategy: string;
    readonly vmiPhase?: string;
    readonly verb: 'start' | 'stop' | 'restart';
    readonly code: number;
    readonly message?: string;
    readonly spec?: string;
    readonly requests?: readonly string[];
  }

  it.each<LifecycleCase>([
    { name: 'halted-start', runStrategy: 'Halted', verb: 'start', code: 202, spec: 'Always' },
    {
      name: 'always-start',
      runStrategy: 'Always',
      verb: 'start',
      code: 409,
      message: 'Always does not support manual start requests',
    },
    {
      name: 'always-stop',
      runStrategy: 'Always',
      vmiPhase: 'Running',
      verb: 'stop',
      code: 202,
      spec: 'Halted',
    },
    {
      name: 'always-restart',
      runStrategy: 'Always',
      vmiPhase: 'Running',
      verb: 'restart',
      code: 202,
      requests: ['Stop', 'Start'],
    },
    { name: 'manual-start', runStrategy: 'Manual', verb: 'start', code: 202, requests: ['Start'] },
    {
      name: 'manual-stop',
      runStrategy: 'Manual',
      vmiPhase: 'Running',
      verb: 'stop',
      code: 202,
      requests: ['Stop'],
    },
    {
      name: 'manual-stop-idle',
      runStrategy: 'Manual',
      verb: 'stop',
      code: 409,
      message: 'VM is not running',
    },
    {
      name: 'rerun-start-failed',
      runStrategy: 'RerunOnFailure',
      vmiPhase: 'Failed',
      verb: 'start',
      code: 409,
      message: 'RerunOnFailure does not support starting VM from failed state',
    },
    {
      name: 'halted-stop',
      runStrategy: 'Halted',
      verb: 'stop',
      code: 409,
      message: 'VM is not running',
    },
    {
      name: 'halted-restart',
      runStrategy: 'Halted',
      verb: 'restart',
      code: 409,
      message: 'RunStategy Halted does not support manual restart requests',
    },
    {
      name: 'once-start',
      runStrategy: 'Once',
      verb: 'start',
      code: 409,
      message: 'Once does not support manual start requests',
    },
    {
      name: 'once-stop',
      runStrategy: 'Once',
      vmiPhase: 'Running',
      verb: 'stop',
      code: 202,
      spec: 'Halted',
    },
  ])('$verb on a $runStrategy VM ($name) answers $code', async (c) => {
    await cluster.create(vms, vm(c.name, c.runStrategy));
    if (c.vmiPhase !== undefined) await cluster.create(vmis, vmi(c.name, c.vmiPhase));
    const answer = await asUser('editor', 'PUT', `${api}/virtualmachines/${c.name}/${c.verb}`, {});
    expect(answer.code, answer.body).toBe(c.code);
    if (c.message !== undefined) {
      expect(JSON.parse(answer.body)).toMatchObject({
        kind: 'Status',
        reason: 'Conflict',
        message: `Operation cannot be fulfilled on virtualmachine.kubevirt.io "${c.name}": ${c.message}`,
      });
    }
    const stored = (await get(`${vms}/${c.name}`)) as {
      spec: { runStrategy: string };
      status?: { stateChangeRequests?: { action: string }[] };
    };
    expect(stored.spec.runStrategy).toBe(c.spec ?? c.runStrategy);
    expect((stored.status?.stateChangeRequests ?? []).map((r) => r.action)).toEqual(
      c.requests ?? [],
    );
  });

  it('refuses a second start while the first is pending, and a dry run changes nothing', async () => {
    await cluster.create(vms, vm('twice', 'Manual'));
    expect((await asUser('editor', 'PUT', `${api}/virtualmachines/twice/start`)).code).toBe(202);
    const second = await asUser('editor', 'PUT', `${api}/virtualmachines/twice/start`);
    expect(second.code).toBe(409);
    expect(second.body).toContain('stop/start already underway');
    await cluster.create(vms, vm('dry', 'Halted'));
    const dry = await asUser('editor', 'PUT', `${api}/virtualmachines/dry/start`, {
      dryRun: ['All'],
    });
    expect(dry.code).toBe(202);
    expect(((await get(`${vms}/dry`)) as { spec: { runStrategy: string } }).spec.runStrategy).toBe(
      'Halted',
    );
  });

  it('answers 404 for a VM that does not exist', async () => {
    const answer = await asUser('editor', 'PUT', `${api}/virtualmachines/nope/start`);
    expect(answer.code).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({
      message: 'virtualmachine.kubevirt.io "nope" not found',
    });
  });

  it('forbids start and console to a viewer', async () => {
    await cluster.create(vms, vm('guarded', 'Halted'));
    const start = await asUser('viewer', 'PUT', `${api}/virtualmachines/guarded/start`);
    expect(start.code).toBe(403);
    expect(JSON.parse(start.body)).toMatchObject({ reason: 'Forbidden' });
    expect(start.body).toContain('viewer');
    const ws = await websocketAs('viewer', `${api}/virtualmachineinstances/guarded/console`);
    ws.on('error', () => undefined);
    const [, res] = (await once(ws, 'unexpected-response')) as [unknown, IncomingMessage];
    expect(res.statusCode).toBe(403);
    ws.terminate();
  });

  it("lets an editor pause through the VMI's virt-handler and refuses a VMI that is not running", async () => {
    await cluster.create(vmis, vmi('paused-one', 'Running'));
    const paused = await asUser(
      'editor',
      'PUT',
      `${api}/virtualmachineinstances/paused-one/pause`,
      {},
    );
    expect(paused.code, paused.body).toBe(200);
    expect(handlerCalls).toContain(
      'PUT /v1/namespaces/default/virtualmachineinstances/paused-one/pause',
    );
    await cluster.create(vmis, vmi('pending-one', 'Pending'));
    const refused = await asUser(
      'editor',
      'PUT',
      `${api}/virtualmachineinstances/pending-one/pause`,
    );
    expect(refused.code).toBe(409);
    expect(JSON.parse(refused.body)).toMatchObject({
      message:
        'Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "pending-one": VM is not running',
    });
  });

  it("streams an editor's console through the aggregator, virt-api and the handler, bytes unchanged", async () => {
    await cluster.create(vmis, vmi('console-one', 'Running'));
    const ws = await websocketAs('editor', `${api}/virtualmachineinstances/console-one/console`);
    await once(ws, 'open');
    expect(ws.protocol).toBe(plainSubprotocol);
    const reply = once(ws, 'message') as Promise<[Buffer]>;
    ws.send(Buffer.from('echo $((6*7))\r'));
    const [data] = await reply;
    expect(data.toString('utf8')).toBe('guest:echo $((6*7))\r');
    expect(handlerCalls).toContain(
      'UPGRADE /v1/namespaces/default/virtualmachineinstances/console-one/console',
    );
    ws.close(1000);
    await once(ws, 'close');
  });
});
