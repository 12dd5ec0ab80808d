import { describe, expect, it } from 'vitest';
import { desiredEndpoints } from './desired-endpoints.ts';
import { testPod, testService } from './test-objects.ts';

const ref = (name: string): object => ({
  kind: 'Pod',
  namespace: 'default',
  name,
  uid: `uid-${name}`,
});

describe('desiredEndpoints', () => {
  it('lists ready and not-ready pods with their node and target, with the Service labels', () => {
    const service = testService(
      'web',
      {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
      { team: 'a' },
    );
    const pods = [
      testPod('b', { ip: '127.1.0.3', ready: false, node: 'node-2' }),
      testPod('a', { ip: '127.1.0.2' }),
      testPod('pending', {}),
    ];
    expect(desiredEndpoints(service, pods)).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default', labels: { team: 'a' } },
      subsets: [
        {
          addresses: [{ ip: '127.1.0.2', nodeName: 'node-1', targetRef: ref('a') }],
          notReadyAddresses: [{ ip: '127.1.0.3', nodeName: 'node-2', targetRef: ref('b') }],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
  });

  it('resolves named target ports per pod and groups pods by the ports they serve', () => {
    const service = testService('web', {
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
      ],
    });
    const pods = [
      testPod('old', { ip: '127.1.0.2', ports: [{ name: 'http', containerPort: 8000 }] }),
      testPod('new', {
        ip: '127.1.0.3',
        ports: [
          { name: 'http', containerPort: 8000 },
          { name: 'metrics', containerPort: 9100 },
        ],
      }),
    ];
    expect(desiredEndpoints(service, pods)?.['subsets']).toEqual([
      {
        addresses: [{ ip: '127.1.0.3', nodeName: 'node-1', targetRef: ref('new') }],
        ports: [
          { name: 'http', port: 8000, protocol: 'TCP' },
          { name: 'metrics', port: 9100, protocol: 'TCP' },
        ],
      },
      {
        addresses: [{ ip: '127.1.0.2', nodeName: 'node-1', targetRef: ref('old') }],
        ports: [{ name: 'http', port: 8000, protocol: 'TCP' }],
      },
    ]);
  });

  it('has no subsets when no pod is selected', () => {
    const service = testService('web', { selector: { app: 'none' }, ports: [{ port: 80 }] });
    expect(desiredEndpoints(service, [testPod('a', { ip: '127.1.0.2' })])).not.toHaveProperty(
      'subsets',
    );
  });

  it('lists the addresses of a headless Service without ports, labelled headless', () => {
    const service = testService('h', { selector: { app: 'web' }, clusterIP: 'None' });
    expect(desiredEndpoints(service, [testPod('a', { ip: '127.1.0.2' })])).toMatchObject({
      metadata: { labels: { 'service.kubernetes.io/headless': '' } },
      subsets: [{ addresses: [{ ip: '127.1.0.2' }] }],
    });
  });

  it.each([
    ['without a selector', { ports: [{ port: 80 }] }],
    ['with an empty selector', { selector: {}, ports: [{ port: 80 }] }],
    ['of type ExternalName', { type: 'ExternalName', selector: { app: 'web' } }],
  ])('leaves the Endpoints of a Service %s to its user', (_what, spec) => {
    expect(
      desiredEndpoints(testService('s', spec), [testPod('a', { ip: '127.1.0.2' })]),
    ).toBeUndefined();
  });
});
