import { describe, expect, it } from 'vitest';
import { podEndpoints, resolveTargetPort, shouldPodBeInEndpoints } from './pod-endpoints.ts';
import { testPod, testService, type TestPod } from './test-objects.ts';

const httpPod = testPod('p', {
  ip: '127.1.0.2',
  ports: [
    { name: 'http', containerPort: 8080, protocol: 'TCP' },
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
  ],
});

describe('resolveTargetPort', () => {
  it.each([
    ['a number', { port: 80, targetPort: 9000 }, 9000],
    ['no targetPort: the port', { port: 80 }, 80],
    ['a named port', { port: 80, targetPort: 'http' }, 8080],
    ['a named port of another protocol', { port: 53, targetPort: 'dns', protocol: 'UDP' }, 53],
    ['a name the pod lacks', { port: 80, targetPort: 'metrics' }, undefined],
    [
      'a name under the wrong protocol',
      { port: 80, targetPort: 'dns', protocol: 'TCP' },
      undefined,
    ],
  ])('resolves %s', (_what, servicePort, expected) => {
    expect(resolveTargetPort(servicePort, httpPod)).toBe(expected);
  });
});

describe('shouldPodBeInEndpoints', () => {
  it.each<[string, TestPod, boolean, boolean]>([
    ['a running pod with an IP', { ip: '127.1.0.2' }, false, true],
    ['a pod without an IP', {}, false, false],
    ['a terminating pod', { ip: '127.1.0.2', deleting: true }, false, false],
    [
      'a terminating pod when terminating ones count',
      { ip: '127.1.0.2', deleting: true },
      true,
      true,
    ],
    [
      'a failed pod that never restarts',
      { ip: '127.1.0.2', phase: 'Failed', restartPolicy: 'Never' },
      false,
      false,
    ],
    [
      'a failed pod that restarts on failure',
      { ip: '127.1.0.2', phase: 'Failed', restartPolicy: 'OnFailure' },
      false,
      true,
    ],
    [
      'a succeeded pod that restarts on failure',
      { ip: '127.1.0.2', phase: 'Succeeded', restartPolicy: 'OnFailure' },
      false,
      false,
    ],
  ])('decides for %s', (_what, pod, includeTerminating, expected) => {
    expect(shouldPodBeInEndpoints(testPod('p', pod), includeTerminating)).toBe(expected);
  });
});

describe('podEndpoints', () => {
  it('takes the selected pods of the namespace, sorted by IP, with readiness and hostnames', () => {
    const service = testService('web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    const pods = [
      testPod('b', { ip: '127.1.0.10', ready: false }),
      testPod('a', { ip: '127.1.0.9', spec: { hostname: 'a', subdomain: 'web' } }),
      testPod('other', { ip: '127.1.0.3', labels: { app: 'db' } }),
      testPod('elsewhere', { ip: '127.1.0.4', namespace: 'kube-system' }),
    ];
    expect(
      podEndpoints(service, pods, false).map((e) => [e.ip, e.ready, e.hostname, e.nodeName]),
    ).toEqual([
      ['127.1.0.9', true, 'a', 'node-1'],
      ['127.1.0.10', false, '', 'node-1'],
    ]);
  });

  it('counts every pod as ready when the Service publishes not-ready addresses', () => {
    const service = testService('web', {
      selector: { app: 'web' },
      publishNotReadyAddresses: true,
      ports: [{ port: 80 }],
    });
    const [endpoint] = podEndpoints(
      service,
      [testPod('a', { ip: '127.1.0.2', ready: false })],
      false,
    );
    expect(endpoint?.ready).toBe(true);
  });
});
