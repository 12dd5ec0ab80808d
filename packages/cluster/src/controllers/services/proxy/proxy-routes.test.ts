import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../../apiserver/json.ts';
import { proxyRoutes, serviceProxyNameLabel } from './proxy-routes.ts';

function service(name: string, spec: JsonObject): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

function endpoints(name: string, subsets: JsonObject[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: 'default' }, subsets };
}

describe('proxyRoutes', () => {
  it('routes each TCP port of a ClusterIP to the ready addresses at the port of the same name', () => {
    const routes = proxyRoutes(
      [
        service('web', {
          clusterIP: '127.96.1.0',
          ports: [
            { name: 'http', port: 80, protocol: 'TCP' },
            { name: 'dns', port: 53, protocol: 'UDP' },
          ],
        }),
      ],
      [
        endpoints('web', [
          {
            addresses: [{ ip: '127.1.0.3' }, { ip: '127.1.0.2' }],
            notReadyAddresses: [{ ip: '127.1.0.4' }],
            ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
          },
          { addresses: [{ ip: '127.2.0.2' }], ports: [{ name: 'http', port: 9000 }] },
        ]),
      ],
    );
    expect(routes).toEqual([
      {
        address: '127.96.1.0:80',
        ip: '127.96.1.0',
        port: 80,
        service: 'default/web:http',
        backends: [
          { ip: '127.1.0.2', port: 8080 },
          { ip: '127.1.0.3', port: 8080 },
          { ip: '127.2.0.2', port: 9000 },
        ],
      },
    ]);
  });

  it('routes a Service without Endpoints nowhere, and skips headless, ExternalName and unallocated Services', () => {
    const routes = proxyRoutes(
      [
        service('lonely', { clusterIP: '127.96.1.1', ports: [{ port: 81 }] }),
        service('headless', { clusterIP: 'None', ports: [{ port: 82 }] }),
        service('external', {
          type: 'ExternalName',
          externalName: 'example.com',
          ports: [{ port: 83 }],
        }),
        service('new', { ports: [{ port: 84 }] }),
      ],
      [],
    );
    expect(routes.map((r) => [r.address, r.backends])).toEqual([['127.96.1.1:81', []]]);
  });

  it('gives an address claimed twice to the first Service by namespace and name', () => {
    const routes = proxyRoutes(
      [
        service('b', { clusterIP: '127.96.1.2', ports: [{ port: 80 }] }),
        service('a', { clusterIP: '127.96.1.2', ports: [{ port: 80 }] }),
      ],
      [],
    );
    expect(routes.map((r) => r.service)).toEqual(['default/a:80']);
  });

  it.each([
    ['the cluster DNS value', 'podvisor-cluster-dns'],
    ['an empty value', ''],
  ])('leaves a Service labelled for another proxy (%s) to that proxy', (_what, value) => {
    const dns: KubeObject = {
      ...service('kube-dns', {
        clusterIP: '10.96.0.10',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ],
      }),
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { [serviceProxyNameLabel]: value },
      },
    };
    const other = service('web', { clusterIP: '10.96.1.0', ports: [{ port: 80 }] });
    expect(proxyRoutes([dns, other], []).map((r) => r.address)).toEqual(['10.96.1.0:80']);
  });
});
