import { get } from 'node:https';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../apiserver/json.ts';
import { startTestCluster, type TestCluster } from '../../../testing/test-cluster.ts';
import { endpointsController } from '../../endpoints/endpoints-controller.ts';
import { clusterIpController, servicesRef } from '../cluster-ip-controller.ts';
import { kubernetesServiceController } from '../kubernetes-service-controller.ts';
import { loopbackServiceNetwork } from '../service-network.ts';
import { networkTestKit, type NetworkTestKit } from '../network-test-kit.ts';
import { createServiceProxy } from './create-service-proxy.ts';
import { serviceProxyController } from './service-proxy-controller.ts';

let cluster: TestCluster;
let kit: NetworkTestKit;
const servers: Server[] = [];

/** A TCP server on a pod IP that answers every connection with its name. */
async function podServer(ip: string, name: string): Promise<number> {
  const server = createServer((socket) => {
    socket.end(name);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, ip, resolve));
  return (server.address() as AddressInfo).port;
}

/** Connects to `ip:port` and reads everything; `refused` when the connection fails or is reset. */
function request(ip: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: ip, port });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => {
      resolve(data);
    });
    socket.on('error', () => {
      resolve('refused');
    });
  });
}

/** Whether this process can bind `ip:port` (it cannot while the proxy holds it). */
function canListen(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, ip, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

beforeAll(async () => {
  cluster = await startTestCluster();
  kit = networkTestKit(cluster);
  kit.start(
    clusterIpController(loopbackServiceNetwork.clusterIpRange),
    endpointsController,
    kubernetesServiceController({
      apiServerPort: Number(new URL(cluster.url).port),
      network: loopbackServiceNetwork,
    }),
    serviceProxyController,
  );
});
afterAll(async () => {
  await kit.stopAll();
  await cluster.close();
  for (const server of servers) server.close();
});

async function clusterIp(name: string): Promise<string> {
  return kit.eventually(async () => {
    const svc = await cluster.client.get(servicesRef, { namespace: 'default', name });
    const ip = (svc?.['spec'] as JsonObject | undefined)?.['clusterIP'];
    return typeof ip === 'string' && ip;
  });
}

describe('the service proxy', () => {
  it('forwards connections to a ClusterIP to the ready pods, round-robin, following readiness', async () => {
    const portA = await podServer('127.1.0.2', 'pod-a');
    const portB = await podServer('127.1.0.3', 'pod-b');
    await kit.createPod('pod-a', {
      labels: { app: 'echo' },
      ip: '127.1.0.2',
      ports: [{ name: 'echo', containerPort: portA }],
    });
    await kit.createPod('pod-b', {
      labels: { app: 'echo' },
      ip: '127.1.0.3',
      ports: [{ name: 'echo', containerPort: portB }],
    });
    await cluster.client.create(servicesRef, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'echo' },
      spec: { selector: { app: 'echo' }, ports: [{ port: 7000, targetPort: 'echo' }] },
    });
    const ip = await clusterIp('echo');

    const answers = await kit.eventually(async () => {
      const both = [await request(ip, 7000), await request(ip, 7000)];
      return both.every((a) => a.startsWith('pod-')) && both;
    });
    expect(answers.sort()).toEqual(['pod-a', 'pod-b']);

    await kit.setPodStatus('pod-a', '127.1.0.2', false);
    await kit.eventually(async () => {
      const three = [await request(ip, 7000), await request(ip, 7000), await request(ip, 7000)];
      return three.every((a) => a === 'pod-b');
    });
  });

  it('refuses connections while no pod is ready, and stops listening once the Service is gone', async () => {
    await cluster.client.create(servicesRef, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'empty' },
      spec: { selector: { app: 'nothing' }, ports: [{ port: 7001 }] },
    });
    const ip = await clusterIp('empty');
    await kit.eventually(async () => (await request(ip, 7001)) === 'refused');

    const echoIp = await clusterIp('echo');
    expect(await canListen(echoIp, 7000)).toBe(false);
    await cluster.client.delete(servicesRef, { namespace: 'default', name: 'echo' });
    await kit.eventually(() => canListen(echoIp, 7000));
  });

  it('reaches the API server through the kubernetes Service at 127.96.0.1:443', async () => {
    const version = await kit.eventually(
      () =>
        new Promise<string | undefined>((resolve) => {
          get('https://127.96.0.1/version', { rejectUnauthorized: false }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => {
              resolve(res.statusCode === 200 ? body : undefined);
            });
          }).on('error', () => {
            resolve(undefined);
          });
        }),
    );
    expect(JSON.parse(version)).toHaveProperty('gitVersion');
  });

  it('reports an address another process holds, and binds it on a later update', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(7002, '127.96.200.1', resolve));
    const proxy = createServiceProxy({
      logger: createLogger({ component: 'test', level: 'silent' }),
    });
    const services = [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'held', namespace: 'default' },
        spec: { clusterIP: '127.96.200.1', ports: [{ port: 7002 }] },
      },
    ];
    expect(await proxy.update(services, [])).toEqual(['127.96.200.1:7002']);
    expect(proxy.listening()).toEqual([]);
    await new Promise((resolve) => holder.close(resolve));
    expect(await proxy.update(services, [])).toEqual([]);
    expect(proxy.listening()).toEqual(['127.96.200.1:7002']);
    await proxy.close();
    expect(await canListen('127.96.200.1', 7002)).toBe(true);
  });
});
