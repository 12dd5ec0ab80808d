// `GET /metrics` on a real API server: Kubernetes' apiserver_request_total, authorized as a
// non-resource URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../../testing/api-client.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import { prometheusTextContentType } from './prometheus-text.ts';

let cluster: TestCluster;
let api: ApiClient;

beforeAll(async () => {
  cluster = await startTestCluster();
  api = apiClient(cluster.kubeconfigPath);
});
afterAll(async () => {
  await cluster.close();
});

/** The value of the `apiserver_request_total` series whose labels include all of `wanted`. */
function requestTotal(text: string, wanted: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^apiserver_request_total\{(.*)\} (\S+)$/.exec(line);
    if (match === null) continue;
    const labels = new Map(
      [...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
    );
    if (Object.entries(wanted).every(([k, v]) => labels.get(k) === v)) total += Number(match[2]);
  }
  return total;
}

const createdConfigmaps = { verb: 'POST', resource: 'configmaps', code: '201' };

describe('/metrics', () => {
  it('counts a configmap create in apiserver_request_total', async () => {
    const before = await api.call('GET', '/metrics');
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toBe(prometheusTextContentType);
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'counted' } };
    const created = await api.call('POST', '/api/v1/namespaces/default/configmaps', { body });
    expect(created.status).toBe(201);
    expect((await api.call('GET', '/api/v1/namespaces/default/configmaps/counted')).status).toBe(
      200,
    );
    const after = (await api.call('GET', '/metrics')).text;
    expect(after).toContain('# TYPE apiserver_request_total counter');
    expect(requestTotal(after, createdConfigmaps)).toBeGreaterThanOrEqual(1);
    expect(requestTotal(after, createdConfigmaps)).toBe(
      requestTotal(before.text, createdConfigmaps) + 1,
    );
    expect(
      requestTotal(after, {
        verb: 'GET',
        group: '',
        version: 'v1',
        resource: 'configmaps',
        subresource: '',
        scope: 'resource',
        code: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts failed requests under their code', async () => {
    expect((await api.call('GET', '/api/v1/namespaces/default/configmaps/absent')).status).toBe(
      404,
    );
    const text = (await api.call('GET', '/metrics')).text;
    expect(requestTotal(text, { verb: 'GET', resource: 'configmaps', code: '404' })).toBe(1);
  });

  it('is not served to anonymous requests, as kube-apiserver', async () => {
    expect((await api.call('GET', '/metrics', { token: null })).status).toBe(401);
  });
});
