import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import { allocateClusterIp } from './allocate-cluster-ip.ts';
import { clusterIpController, servicesRef } from './cluster-ip-controller.ts';
import { usedClusterIps } from './desired-cluster-ip.ts';
import { endpointsRef, kubernetesServiceController } from './kubernetes-service-controller.ts';
import { networkTestKit, type NetworkTestKit } from './network-test-kit.ts';
import { loopbackServiceNetwork } from './service-network.ts';

let cluster: TestCluster;
let kit: NetworkTestKit;
let apiServerPort: number;

beforeAll(async () => {
  cluster = await startTestCluster();
  kit = networkTestKit(cluster);
  apiServerPort = Number(new URL(cluster.url).port);
  kit.start(
    clusterIpController(loopbackServiceNetwork.clusterIpRange),
    kubernetesServiceController({ apiServerPort, network: loopbackServiceNetwork }),
  );
});
afterAll(async () => {
  await kit.stopAll();
  await cluster.close();
});

function spec(obj: KubeObject | undefined): JsonObject {
  return (obj?.['spec'] ?? {}) as JsonObject;
}

async function createService(name: string, serviceSpec: JsonObject): Promise<void> {
  await cluster.client.create(servicesRef, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { ports: [{ port: 80 }], ...serviceSpec },
  });
}

async function service(name: string): Promise<KubeObject | undefined> {
  return cluster.client.get(servicesRef, { namespace: 'default', name });
}

describe('ClusterIP allocation', () => {
  it('gives Services created without an address distinct ones from 127.96.0.0/16', async () => {
    await createService('one', { type: 'ClusterIP' });
    await createService('two', { type: 'NodePort' });
    const [one, two] = await kit.eventually(async () => {
      const both = [await service('one'), await service('two')];
      return both.every((s) => typeof spec(s)['clusterIP'] === 'string') && both;
    });
    expect(spec(one)).toMatchObject({
      clusterIP: expect.stringMatching(/^127\.96\.\d+\.\d+$/) as unknown,
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    expect(spec(one)['clusterIPs']).toEqual([spec(one)['clusterIP']]);
    expect(spec(two)['clusterIP']).not.toBe(spec(one)['clusterIP']);
  });

  it('keeps headless and ExternalName Services without an address', async () => {
    await createService('headless', { clusterIP: 'None', selector: { app: 'x' } });
    await createService('external', { type: 'ExternalName', externalName: 'example.com' });
    const headless = await kit.eventually(async () => {
      const svc = await service('headless');
      return spec(svc)['clusterIPs'] !== undefined && svc;
    });
    expect(spec(headless)).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'] });
    expect(spec(await service('external'))['clusterIP']).toBeUndefined();
  });

  it('refuses a requested address another Service holds, for the create path', async () => {
    const taken = await kit.eventually(async () => {
      const ip = spec(await service('one'))['clusterIP'];
      return typeof ip === 'string' && ip;
    });
    const used = usedClusterIps(await cluster.client.list(servicesRef));
    const range = loopbackServiceNetwork.clusterIpRange;
    expect(() => allocateClusterIp(range, { used, requested: taken, serviceName: 'copy' })).toThrow(
      `Service "copy" is invalid: spec.clusterIPs: Invalid value: []string{"${taken}"}: failed to allocate IP ${taken}: provided IP is already allocated`,
    );
    expect(allocateClusterIp(range, { used, requested: '127.96.7.7', serviceName: 'copy' })).toBe(
      '127.96.7.7',
    );
  });
});

describe('ClusterIPs outside the range', () => {
  it('are replaced by one from the range', async () => {
    await createService('moved', { type: 'ClusterIP' });
    await kit.eventually(async () => typeof spec(await service('moved'))['clusterIP'] === 'string');
    await cluster.client.patch(
      servicesRef,
      { namespace: 'default', name: 'moved' },
      { type: 'merge', body: { spec: { clusterIP: '10.96.5.5', clusterIPs: ['10.96.5.5'] } } },
    );
    const moved = await kit.eventually(async () => {
      const ip = spec(await service('moved'))['clusterIP'];
      return typeof ip === 'string' && ip !== '10.96.5.5' && ip;
    });
    expect(moved).toMatch(/^127\.96\.\d+\.\d+$/);
  });
});

describe('the kubernetes Service', () => {
  const kubernetes = { namespace: 'default', name: 'kubernetes' };

  it('points 127.96.0.1:443 at the API server', async () => {
    const svc = await kit.eventually(() => cluster.client.get(servicesRef, kubernetes));
    expect(svc.metadata['labels']).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(spec(svc)).toMatchObject({
      clusterIP: '127.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiServerPort }],
    });
    const endpoints = await kit.eventually(() => cluster.client.get(endpointsRef, kubernetes));
    expect(endpoints['subsets']).toEqual([
      {
        addresses: [{ ip: '127.0.0.1' }],
        ports: [{ name: 'https', port: apiServerPort, protocol: 'TCP' }],
      },
    ]);
  });

  it('comes back when deleted, and has its port corrected', async () => {
    await kit.eventually(() => cluster.client.get(endpointsRef, kubernetes));
    await cluster.client.delete(endpointsRef, kubernetes);
    await cluster.client.patch(servicesRef, kubernetes, {
      type: 'merge',
      body: { spec: { ports: [{ name: 'https', port: 443, targetPort: 1 }] } },
    });
    await kit.eventually(async () => {
      const endpoints = await cluster.client.get(endpointsRef, kubernetes);
      const svc = await cluster.client.get(servicesRef, kubernetes);
      const ports = spec(svc)['ports'] as JsonObject[] | undefined;
      return endpoints !== undefined && ports?.[0]?.['targetPort'] === apiServerPort;
    });
  });

  it('has its ClusterIP and Endpoints moved back into this network (a data dir of the other mode)', async () => {
    await kit.eventually(() => cluster.client.get(endpointsRef, kubernetes));
    await cluster.client.patch(servicesRef, kubernetes, {
      type: 'merge',
      body: { spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'] } },
    });
    await cluster.client.patch(endpointsRef, kubernetes, {
      type: 'merge',
      body: {
        subsets: [{ addresses: [{ ip: '10.244.0.1' }], ports: [{ name: 'https', port: 1 }] }],
      },
    });
    const svc = await kit.eventually(async () => {
      const current = await cluster.client.get(servicesRef, kubernetes);
      return spec(current)['clusterIP'] === '127.96.0.1' && current;
    });
    expect(spec(svc)['clusterIPs']).toEqual(['127.96.0.1']);
    await kit.eventually(async () => {
      const endpoints = await cluster.client.get(endpointsRef, kubernetes);
      return JSON.stringify(endpoints?.['subsets']).includes('"ip":"127.0.0.1"');
    });
  });

  it('is listed by kubectl with its ClusterIP', async () => {
    const result = await cluster.kubectl(['get', 'service', 'kubernetes', '-o', 'wide']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/kubernetes\s+ClusterIP\s+127\.96\.0\.1\s+<none>\s+443\/TCP/);
  });
});
