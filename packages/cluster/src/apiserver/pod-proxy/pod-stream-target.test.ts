import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../json.ts';
import { chooseContainer, nodeEndpoint, podStreamTarget } from './pod-stream-target.ts';

function pod(
  containers: string[],
  extra: { init?: string[]; annotations?: JsonObject; status?: JsonObject; nodeName?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'u-1', annotations: extra.annotations ?? {} },
    spec: {
      nodeName: extra.nodeName ?? 'node-1',
      containers: containers.map((name) => ({ name, image: 'busybox' })),
      ...(extra.init ? { initContainers: extra.init.map((name) => ({ name })) } : {}),
    },
    status: extra.status ?? { phase: 'Running' },
  };
}

const node: KubeObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1' },
  status: {
    addresses: [
      { type: 'Hostname', address: 'node-1' },
      { type: 'InternalIP', address: '127.0.0.1' },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
  },
};

const query = (text: string): URLSearchParams => new URLSearchParams(text);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('chooseContainer', () => {
  it.each([
    ['the only container', pod(['main']), '', 'main'],
    ['the asked container', pod(['a', 'b']), 'container=b', 'b'],
    ['an init container by name', pod(['a'], { init: ['setup'] }), 'container=setup', 'setup'],
    [
      'the default-container annotation',
      pod(['a', 'b'], { annotations: { 'kubectl.kubernetes.io/default-container': 'b' } }),
      '',
      'b',
    ],
  ])('picks %s', (_what, p, q, expected) => {
    expect(chooseContainer(p, query(q))).toBe(expected);
  });

  it.each([
    [pod(['a', 'b']), '', 'a container name must be specified for pod p, choose one of: [a b]'],
    [
      pod(['a', 'b'], { init: ['i'] }),
      '',
      'a container name must be specified for pod p, choose one of: [a b] or one of the init containers: [i]',
    ],
    [pod(['a']), 'container=z', 'container z is not valid for pod p'],
  ])('answers 400 with %#', (p, q, message) => {
    expect(thrown(() => chooseContainer(p, query(q)))).toMatchObject({ code: 400, message });
  });
});

describe('nodeEndpoint', () => {
  it('uses the InternalIP and the kubelet endpoint port', () => {
    expect(nodeEndpoint(node)).toEqual({ host: '127.0.0.1', port: 10250 });
  });

  it('answers 503 when the node has not published a port', () => {
    const bare: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } };
    expect(thrown(() => nodeEndpoint(bare))).toMatchObject({
      code: 503,
      message: 'node "n" does not publish a kubelet endpoint port',
    });
  });
});

describe('podStreamTarget', () => {
  it.each([
    ['log', pod(['c']), 'follow=true', '/containerLogs/ns/p/c?follow=true&podUID=u-1'],
    ['exec', pod(['c']), 'command=ls&stdout=true', '/exec/ns/p/u-1/c?command=ls&stdout=true'],
    [
      'portforward',
      pod(['c'], { status: { phase: 'Running', podIP: '127.1.0.2' } }),
      'ports=80',
      '/portForward/ns/p/u-1?ports=80&podIP=127.1.0.2',
    ],
  ] as const)('builds the node path of %s', (kind, p, q, path) => {
    expect(podStreamTarget(p, node, { kind, query: query(q) })).toMatchObject({
      endpoint: { host: '127.0.0.1', port: 10250 },
      path,
    });
  });

  it.each([
    ['exec', pod(['c'], { nodeName: '' }), 'pod p does not have a host assigned'],
    [
      'exec',
      pod(['c'], { status: { phase: 'Succeeded' } }),
      'cannot exec into a container in a completed pod; current phase is Succeeded',
    ],
    [
      'attach',
      pod(['c'], { status: { phase: 'Failed' } }),
      'cannot attach to a container in a completed pod; current phase is Failed',
    ],
    [
      'log',
      pod(['c'], {
        status: {
          phase: 'Pending',
          containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ErrImagePull' } } }],
        },
      }),
      'container "c" in pod "p" is waiting to start: ErrImagePull',
    ],
  ] as const)('refuses %s with 400: %#', (kind, p, message) => {
    expect(thrown(() => podStreamTarget(p, node, { kind, query: query('') }))).toMatchObject({
      code: 400,
      message,
    });
  });

  it('serves the logs of a completed pod', () => {
    const done = pod(['c'], { status: { phase: 'Succeeded' } });
    expect(podStreamTarget(done, node, { kind: 'log', query: query('') }).container).toBe('c');
  });

  it('answers 404 when the pod node does not exist', () => {
    expect(
      thrown(() => podStreamTarget(pod(['c']), undefined, { kind: 'log', query: query('') })),
    ).toMatchObject({ code: 404, message: 'nodes "node-1" not found' });
  });
});
