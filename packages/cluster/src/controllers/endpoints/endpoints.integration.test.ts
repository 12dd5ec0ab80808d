import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, JsonObject, KubeObject } from '../../apiserver/json.ts';
import { isNotFound } from '../../apiserver/status-error.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import type { ResourceRef } from '../cluster-client.ts';
import { servicesRef } from '../services/cluster-ip-controller.ts';
import { endpointsRef } from '../services/kubernetes-service-controller.ts';
import { networkTestKit, type NetworkTestKit } from '../services/network-test-kit.ts';
import { endpointSliceController, endpointSlicesRef } from './endpoint-slice-controller.ts';
import { endpointsController, podsRef } from './endpoints-controller.ts';

let cluster: TestCluster;
let kit: NetworkTestKit;

const crdsRef: ResourceRef = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
};

/**
 * Until `discovery.k8s.io/v1 endpointslices` is a built-in resource, a schemaless CRD of the
 * same group, version and kind stands in for it, so the controller runs against a real store.
 */
async function serveEndpointSlices(): Promise<void> {
  try {
    await cluster.client.list(endpointSlicesRef);
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await cluster.client.create(crdsRef, '', {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: 'endpointslices.discovery.k8s.io',
      annotations: {
        'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/pull/752',
      },
    },
    spec: {
      group: 'discovery.k8s.io',
      scope: 'Namespaced',
      names: {
        plural: 'endpointslices',
        singular: 'endpointslice',
        kind: 'EndpointSlice',
        listKind: 'EndpointSliceList',
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      ],
    },
  });
}

beforeAll(async () => {
  cluster = await startTestCluster();
  kit = networkTestKit(cluster);
  await serveEndpointSlices();
  kit.start(endpointsController, endpointSliceController);
});
afterAll(async () => {
  await kit.stopAll();
  await cluster.close();
});

async function createService(
  name: string,
  spec: JsonObject,
  labels: JsonObject = {},
): Promise<void> {
  await cluster.client.create(servicesRef, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels },
    spec: { clusterIP: 'None', ...spec },
  });
}

/** A scalar as text ('' for anything else). */
function text(value: Json | undefined): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function ips(addresses: Json | undefined): string[] {
  return Array.isArray(addresses) ? addresses.map((a) => text((a as JsonObject)['ip'])) : [];
}

/** `ready: [...] notReady: [...] ports: [...]` of the one subset (or none) of an Endpoints. */
async function endpointsOf(name: string): Promise<string | undefined> {
  const eps = await cluster.client.get(endpointsRef, { namespace: 'default', name });
  if (eps === undefined) return undefined;
  const subsets = (eps['subsets'] ?? []) as JsonObject[];
  return subsets
    .map(
      (s) =>
        `ready=${ips(s['addresses']).join(',')} notReady=${ips(s['notReadyAddresses']).join(',')} ports=${((s['ports'] ?? []) as JsonObject[]).map((p) => `${text(p['name'])}:${text(p['port'])}`).join(',')}`,
    )
    .join(' | ');
}

async function eventuallyEndpoints(name: string, expected: string): Promise<void> {
  let last: string | undefined;
  try {
    await kit.eventually(async () => (last = await endpointsOf(name)) === expected);
  } catch {
    expect(last).toBe(expected);
  }
}

describe('the Endpoints controller', () => {
  it('lists ready and not-ready pods at their named ports, following readiness and labels', async () => {
    const ports = [{ name: 'web', containerPort: 8080 }];
    await kit.createPod('web-1', { labels: { app: 'web' }, ip: '127.1.0.2', ports });
    await kit.createPod('web-2', { labels: { app: 'web' }, ip: '127.1.0.3', ports, ready: false });
    await kit.createPod('web-3', { labels: { app: 'web' }, ports });
    await createService(
      'web',
      {
        clusterIP: '127.96.9.1',
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 'web' }],
      },
      { tier: 'front' },
    );
    await eventuallyEndpoints('web', 'ready=127.1.0.2 notReady=127.1.0.3 ports=http:8080');
    const eps = await cluster.client.get(endpointsRef, { namespace: 'default', name: 'web' });
    expect(eps?.metadata['labels']).toEqual({ tier: 'front' });
    expect((eps?.['subsets'] as JsonObject[])[0]?.['addresses']).toEqual([
      {
        ip: '127.1.0.2',
        nodeName: 'node-1',
        targetRef: {
          kind: 'Pod',
          namespace: 'default',
          name: 'web-1',
          uid: expect.any(String) as unknown,
        },
      },
    ]);

    await kit.setPodStatus('web-2', '127.1.0.3', true);
    await kit.setPodStatus('web-3', '127.1.0.4', true);
    await eventuallyEndpoints(
      'web',
      'ready=127.1.0.2,127.1.0.3,127.1.0.4 notReady= ports=http:8080',
    );

    await cluster.client.patch(
      podsRef,
      { namespace: 'default', name: 'web-1' },
      { type: 'merge', body: { metadata: { labels: { app: 'other' } } } },
    );
    await cluster.client.delete(podsRef, { namespace: 'default', name: 'web-3' });
    await eventuallyEndpoints('web', 'ready=127.1.0.3 notReady= ports=http:8080');
  });

  it('follows a changed selector and deletes the Endpoints with their Service', async () => {
    await cluster.client.patch(
      servicesRef,
      { namespace: 'default', name: 'web' },
      { type: 'merge', body: { spec: { selector: { app: 'other' } } } },
    );
    await eventuallyEndpoints('web', 'ready=127.1.0.2 notReady= ports=http:8080');
    await cluster.client.delete(servicesRef, { namespace: 'default', name: 'web' });
    await kit.eventually(async () => (await endpointsOf('web')) === undefined);
  });

  it('leaves the Endpoints of a Service without a selector to its user', async () => {
    await createService('manual', { clusterIP: '127.96.9.2', ports: [{ port: 80 }] });
    const manual: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'manual' },
      subsets: [{ addresses: [{ ip: '127.9.0.9' }], ports: [{ port: 80 }] }],
    };
    await cluster.client.create(endpointsRef, 'default', manual);
    await createService('marker', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    await kit.eventually(async () => (await endpointsOf('marker')) !== undefined);
    expect(await endpointsOf('manual')).toBe('ready=127.9.0.9 notReady= ports=:80');
  });
});

describe('the EndpointSlice controller', () => {
  async function slicesOf(service: string): Promise<KubeObject[]> {
    return cluster.client.list(endpointSlicesRef, {
      namespace: 'default',
      labelSelector: `kubernetes.io/service-name=${service}`,
    });
  }

  function endpointIps(slice: KubeObject | undefined): string[] {
    const endpoints = (slice?.['endpoints'] ?? []) as JsonObject[];
    return endpoints.map(
      (e) =>
        `${text((e['addresses'] as string[])[0])}:${text((e['conditions'] as JsonObject)['ready'])}`,
    );
  }

  it('keeps one slice per Service with each pod and its readiness, and removes it with the Service', async () => {
    await kit.createPod('api-1', {
      labels: { app: 'api' },
      ip: '127.1.0.20',
      ports: [{ name: 'h', containerPort: 81 }],
    });
    await kit.createPod('api-2', {
      labels: { app: 'api' },
      ip: '127.1.0.21',
      ports: [{ name: 'h', containerPort: 81 }],
      ready: false,
    });
    await createService('api', {
      clusterIP: '127.96.9.3',
      selector: { app: 'api' },
      ports: [{ name: 'http', port: 80, targetPort: 'h' }],
    });
    const [slice] = await kit.eventually(async () => {
      const slices = await slicesOf('api');
      return endpointIps(slices[0]).length === 2 && slices;
    });
    expect(endpointIps(slice)).toEqual(['127.1.0.20:true', '127.1.0.21:false']);
    expect(slice).toMatchObject({
      metadata: {
        labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 81, protocol: 'TCP' }],
    });

    await kit.setPodStatus('api-2', '127.1.0.21', true);
    await kit.eventually(
      async () =>
        endpointIps((await slicesOf('api'))[0]).join() === '127.1.0.20:true,127.1.0.21:true',
    );

    await cluster.client.delete(servicesRef, { namespace: 'default', name: 'api' });
    await kit.eventually(async () => (await slicesOf('api')).length === 0);
  });
});
