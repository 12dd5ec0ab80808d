import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { desiredClusterIpSpec, usedClusterIps } from './desired-cluster-ip.ts';

function service(name: string, spec: JsonObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec,
  };
}

const complete = {
  clusterIPs: ['127.96.1.5'],
  ipFamilies: ['IPv4'],
  ipFamilyPolicy: 'SingleStack',
};

describe('desiredClusterIpSpec', () => {
  it.each([
    ['ClusterIP', { type: 'ClusterIP' }],
    ['NodePort', { type: 'NodePort' }],
    ['LoadBalancer', { type: 'LoadBalancer' }],
  ])('gives a %s Service without an address the next free one', (_type, spec) => {
    expect(desiredClusterIpSpec(service('a', spec), new Set(['127.96.1.0']))).toEqual({
      clusterIP: '127.96.1.1',
      clusterIPs: ['127.96.1.1'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
  });

  it('completes the other fields around an address the Service holds', () => {
    expect(desiredClusterIpSpec(service('a', { clusterIP: '127.96.0.20' }), new Set())).toEqual({
      clusterIP: '127.96.0.20',
      clusterIPs: ['127.96.0.20'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
  });

  it('keeps a headless Service headless', () => {
    expect(desiredClusterIpSpec(service('h', { clusterIP: 'None' }), new Set())).toMatchObject({
      clusterIP: 'None',
      clusterIPs: ['None'],
    });
  });

  it.each([
    ['an ExternalName Service', { type: 'ExternalName', externalName: 'example.com' }],
    ['a complete Service', { type: 'ClusterIP', clusterIP: '127.96.1.5', ...complete }],
  ])('leaves %s alone', (_what, spec) => {
    expect(desiredClusterIpSpec(service('x', spec), new Set())).toBeUndefined();
  });

  it('counts the addresses of other Services as used, not headless ones nor its own', () => {
    const own = service('own', { clusterIP: '127.96.1.7' });
    const services = [
      own,
      service('b', { clusterIP: '127.96.1.8' }),
      service('c', { clusterIPs: ['127.96.1.9'] }),
      service('h', { clusterIP: 'None' }),
    ];
    expect([...usedClusterIps(services, own)]).toEqual(['127.96.1.8', '127.96.1.9']);
  });
});
