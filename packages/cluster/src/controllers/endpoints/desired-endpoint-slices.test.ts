import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apiserver/json.ts';
import { desiredEndpointSlices, maxEndpointsPerSlice } from './desired-endpoint-slices.ts';
import { testPod, testService } from './test-objects.ts';

const service = testService('web', {
  selector: { app: 'web' },
  ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
});
const httpPort = [{ name: 'http', containerPort: 8080 }];

function names(slices: KubeObject[]): string[] {
  return slices.map((s) => JSON.stringify(s.metadata['name']));
}

describe('desiredEndpointSlices', () => {
  it('describes each pod with its conditions, node and target, labelled and owned', () => {
    const pods = [
      testPod('a', { ip: '127.1.0.2', ports: httpPort }),
      testPod('b', { ip: '127.1.0.3', ports: httpPort, ready: false }),
      testPod('c', { ip: '127.1.0.4', ports: httpPort, deleting: true }),
    ];
    const [slice, ...rest] = desiredEndpointSlices(service, pods);
    expect(rest).toEqual([]);
    expect(slice?.metadata).toMatchObject({
      namespace: 'default',
      labels: {
        'kubernetes.io/service-name': 'web',
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-web', controller: true },
      ],
    });
    expect(slice?.metadata['name']).toMatch(/^web-[b-z2-9]{5}$/);
    expect(slice).toMatchObject({
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: [
        {
          addresses: ['127.1.0.2'],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: 'node-1',
        },
        {
          addresses: ['127.1.0.3'],
          conditions: { ready: false, serving: false, terminating: false },
        },
        {
          addresses: ['127.1.0.4'],
          conditions: { ready: false, serving: true, terminating: true },
        },
      ],
    });
  });

  it('names slices deterministically, splitting by port set and by size', () => {
    const pods = Array.from({ length: maxEndpointsPerSlice + 1 }, (_, i) =>
      testPod(`p${i}`, { ip: `127.1.${i >> 8}.${(i & 255) + 2}`, ports: httpPort }),
    );
    pods.push(testPod('odd', { ip: '127.2.0.2', ports: [{ name: 'http', containerPort: 9000 }] }));
    const slices = desiredEndpointSlices(service, pods);
    expect(slices.map((s) => (s['endpoints'] as unknown[]).length).sort()).toEqual([1, 1, 100]);
    expect(new Set(names(slices)).size).toBe(3);
    expect(names(desiredEndpointSlices(service, [...pods].reverse()))).toEqual(names(slices));
  });

  it('keeps one empty slice for a Service that selects no pods, and none without a selector', () => {
    expect(desiredEndpointSlices(service, [])).toMatchObject([{ endpoints: [] }]);
    expect(desiredEndpointSlices(testService('bare', { ports: [{ port: 80 }] }), [])).toEqual([]);
  });
});
