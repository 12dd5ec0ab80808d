import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { loopbackClusterIpRange, parseClusterIpRange } from './cluster-ip-range.ts';
import { desiredClusterIpSpec, usedClusterIps } from './desired-cluster-ip.ts';

function service(name: string, spec: JsonObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec,
  };
}

const range = loopbackClusterIpRange;

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
    expect(
      desiredClusterIpSpec({ service: service('a', spec), used: new Set(['127.96.1.0']), range }),
    ).toEqual({
      clusterIP: '127.96.1.1',
      clusterIPs: ['127.96.1.1'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
  });

  it('completes the other fields around an address the Service holds', () => {
    expect(
      desiredClusterIpSpec({
        service: service('a', { clusterIP: '127.96.0.20' }),
        used: new Set(),
        range,
      }),
    ).toEqual({
      clusterIP: '127.96.0.20',
      clusterIPs: ['127.96.0.20'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
  });

  it('keeps a headless Service headless', () => {
    expect(
      desiredClusterIpSpec({
        service: service('h', { clusterIP: 'None' }),
        used: new Set(),
        range,
      }),
    ).toMatchObject({
      clusterIP: 'None',
      clusterIPs: ['None'],
    });
  });

  it.each([
    ['an ExternalName Service', { type: 'ExternalName', externalName: 'example.com' }],
    ['a complete Service', { type: 'ClusterIP', clusterIP: '127.96.1.5', ...complete }],
  ])('leaves %s alone', (_what, spec) => {
    expect(
      desiredClusterIpSpec({ service: service('x', spec), used: new Set(), range }),
    ).toBeUndefined();
  });

  it.each([
    ['a loopback address', '127.96.1.5', '10.96.1.0'],
    ['the loopback kubernetes address', '127.96.0.1', '10.96.1.0'],
  ])('re-addresses a Service holding %s outside the range', (_what, held, next) => {
    const pod = parseClusterIpRange('10.96.0.0/16');
    const spec = { type: 'ClusterIP', clusterIP: held, ...complete, clusterIPs: [held] };
    expect(
      desiredClusterIpSpec({ service: service('x', spec), used: new Set(), range: pod }),
    ).toEqual({
      clusterIP: next,
      clusterIPs: [next],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
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
