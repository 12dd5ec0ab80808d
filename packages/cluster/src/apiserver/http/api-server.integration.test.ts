// The API server's HTTP contract, request by request, where kubectl does not show it directly.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apiClient, type ApiClient } from '../../testing/api-client.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';

let cluster: TestCluster;
let api: ApiClient;

beforeAll(async () => {
  cluster = await startTestCluster();
  api = apiClient(cluster.kubeconfigPath);
});
afterAll(async () => {
  await cluster.close();
});

const json = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;
const cm = (name: string, data: Record<string, string> = {}): object => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});
const cms = '/api/v1/namespaces/default/configmaps';

describe('authentication', () => {
  it('answers 401 without a valid token, but serves /version and /healthz', async () => {
    expect((await api.call('GET', '/api/v1/namespaces', { token: null })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/namespaces', { token: 'wrong' })).status).toBe(401);
    expect(json((await api.call('GET', '/version', { token: null })).text)['minor']).toBe('32');
    expect((await api.call('GET', '/healthz', { token: null })).text).toBe('ok');
  });
});

describe('connections', () => {
  it('keeps an idle keep-alive connection open past 5 s, so a client reuses it safely', async () => {
    const config = parse(readFileSync(cluster.kubeconfigPath, 'utf8')) as {
      clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    };
    const { server, 'certificate-authority-data': caData } = config.clusters[0]?.cluster ?? {
      server: '',
      'certificate-authority-data': '',
    };
    const url = new URL(server);
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: Buffer.from(caData, 'base64') });
    const healthz = (): Promise<{ status: number | undefined; reused: boolean }> =>
      new Promise((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path: '/healthz', agent },
          (res) => {
            res.resume();
            res.on('end', () => {
              resolve({ status: res.statusCode, reused: req.reusedSocket });
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await healthz()).toEqual({ status: 200, reused: false });
      await sleep(6_000); // past Node's default keepAliveTimeout (5 s)
      expect(await healthz()).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });
});

describe('writes', () => {
  it('rejects a stale update with 409 and Kubernetes wording', async () => {
    const created = json((await api.call('POST', cms, { body: cm('stale') })).text) as {
      metadata: { resourceVersion: string };
    };
    const first = {
      ...cm('stale', { a: '1' }),
      metadata: { name: 'stale', resourceVersion: created.metadata.resourceVersion },
    };
    expect((await api.call('PUT', `${cms}/stale`, { body: first })).status).toBe(200);
    const second = await api.call('PUT', `${cms}/stale`, { body: first });
    expect(second.status).toBe(409);
    expect(json(second.text)).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('answers 413 for oversized bodies and 400 for malformed ones, and keeps serving', async () => {
    const huge = await api.call('POST', cms, {
      body: JSON.stringify(cm('huge', { a: 'x'.repeat(4 * 1024 * 1024) })),
    });
    expect(huge.status).toBe(413);
    const broken = await api.call('POST', cms, { body: '{"apiVersion": "v1", "kind": ' });
    expect(broken.status).toBe(400);
    expect(json(broken.text)['message']).toContain('not valid JSON');
    expect((await api.call('GET', cms)).status).toBe(200);
  });

  it('names the field of an invalid name', async () => {
    const res = await api.call('POST', cms, { body: cm('Not_Valid') });
    expect(res.status).toBe(422);
    expect(json(res.text)).toMatchObject({
      reason: 'Invalid',
      details: { causes: [{ field: 'metadata.name', reason: 'FieldValueInvalid' }] },
    });
  });

  it('stores nothing on dryRun=All', async () => {
    expect((await api.call('POST', `${cms}?dryRun=All`, { body: cm('dry') })).status).toBe(201);
    expect((await api.call('GET', `${cms}/dry`)).status).toBe(404);
  });

  it('creates with generateName', async () => {
    const res = await api.call('POST', cms, {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } },
    });
    expect((json(res.text) as { metadata: { name: string } }).metadata.name).toMatch(
      /^gen-[a-z0-9]{5}$/,
    );
  });

  it('keeps status out of main writes and spec out of status writes; generation counts spec changes', async () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'gen' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'x' }] },
        },
      },
      status: { replicas: 9 },
    };
    const path = '/apis/apps/v1/namespaces/default/deployments';
    const created = json((await api.call('POST', path, { body: deploy })).text);
    expect(created['status']).toBeUndefined();
    await api.call('PATCH', `${path}/gen/status`, {
      body: { status: { replicas: 2 }, spec: { replicas: 5 } },
      contentType: 'application/merge-patch+json',
    });
    let now = json((await api.call('GET', `${path}/gen`)).text) as {
      metadata: { generation: number };
      spec: { replicas: number };
      status: { replicas: number };
    };
    expect([now.metadata.generation, now.spec.replicas, now.status.replicas]).toEqual([1, 1, 2]);
    await api.call('PATCH', `${path}/gen/scale`, {
      body: { spec: { replicas: 3 } },
      contentType: 'application/merge-patch+json',
    });
    now = json((await api.call('GET', `${path}/gen`)).text) as typeof now;
    expect([now.metadata.generation, now.spec.replicas]).toEqual([2, 3]);
  });
});

describe('services', () => {
  it('get a ClusterIP at create, and a taken one is refused with 422', async () => {
    const svc = (name: string, clusterIP?: string): object => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: {
        selector: { app: name },
        ports: [{ port: 80 }],
        ...(clusterIP === undefined ? {} : { clusterIP }),
      },
    });
    const created = json(
      (await api.call('POST', '/api/v1/namespaces/default/services', { body: svc('ip-a') })).text,
    ) as { spec: { clusterIP: string; clusterIPs: string[] } };
    expect(created.spec.clusterIP).toMatch(/^127\.96\.\d+\.\d+$/);
    expect(created.spec.clusterIPs).toEqual([created.spec.clusterIP]);
    const taken = await api.call('POST', '/api/v1/namespaces/default/services', {
      body: svc('ip-b', created.spec.clusterIP),
    });
    expect(taken.status).toBe(422);
    expect(json(taken.text)['message']).toContain('provided IP is already allocated');
    const headless = json(
      (await api.call('POST', '/api/v1/namespaces/default/services', { body: svc('ip-c', 'None') }))
        .text,
    ) as { spec: { clusterIP: string } };
    expect(headless.spec.clusterIP).toBe('None');
  });
});

describe('watch', () => {
  it('replays the changes after a resourceVersion and ends at timeoutSeconds', async () => {
    const created = json((await api.call('POST', cms, { body: cm('replayed') })).text) as {
      metadata: { resourceVersion: string };
    };
    await api.call('DELETE', `${cms}/replayed`);
    const from = Number(created.metadata.resourceVersion) - 1;
    const res = await api.call('GET', `${cms}?watch=true&resourceVersion=${from}&timeoutSeconds=1`);
    const events = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED replayed',
      'DELETED replayed',
    ]);
  });

  it('rejects a malformed resourceVersion', async () => {
    expect((await api.call('GET', `${cms}?watch=true&resourceVersion=abc`)).status).toBe(400);
  });

  it('turns a label change into ADDED and DELETED for a selector', async () => {
    const lines: string[] = [];
    const stop = api.stream(`${cms}?watch=true&labelSelector=tier%3Dfront`, (line) =>
      lines.push(line),
    );
    await new Promise((r) => setTimeout(r, 300));
    await api.call('POST', cms, {
      body: { ...cm('moving'), metadata: { name: 'moving', labels: { tier: 'back' } } },
    });
    await api.call('PATCH', `${cms}/moving`, {
      body: { metadata: { labels: { tier: 'front' } } },
      contentType: 'application/merge-patch+json',
    });
    await api.call('PATCH', `${cms}/moving`, {
      body: { metadata: { labels: { tier: 'back' } } },
      contentType: 'application/merge-patch+json',
    });
    await new Promise((r) => setTimeout(r, 300));
    stop();
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual([
      'ADDED',
      'DELETED',
    ]);
  });
});

describe('pods', () => {
  it('binds a pod to a node once, and answers log requests for unscheduled pods as a cluster does', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    await api.call('POST', pods, {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'b' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    });
    const log = await api.call('GET', `${pods}/b/log`);
    expect(log.status).toBe(400);
    expect(json(log.text)['message']).toBe(
      'container "c" in pod "b" is waiting to start: ContainerCreating',
    );
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'b' },
      target: { kind: 'Node', name: 'node-1' },
    };
    expect((await api.call('POST', `${pods}/b/binding`, { body: binding })).status).toBe(201);
    expect((await api.call('POST', `${pods}/b/binding`, { body: binding })).status).toBe(409);
    expect(
      (json((await api.call('GET', `${pods}/b`)).text) as { spec: { nodeName: string } }).spec
        .nodeName,
    ).toBe('node-1');
  });
});
