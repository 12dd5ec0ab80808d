import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../apiserver/json.ts';
import type { ResourceRef } from '../controllers/cluster-client.ts';
import type { Informer, InformerEvent, InformerHandler } from '../controllers/store-informer.ts';
import { createDnsIndex } from './dns-index.ts';
import { feedDnsIndex } from './feed-dns-index.ts';
import { endpointsRecordOf, podRecordOf, serviceRecordOf } from './kube-dns-records.ts';

function object(kind: string, name: string, body: JsonObject): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name, namespace: 'demo' }, ...body };
}

/** An informer driven by the test: `emit` is a watch event. */
function fakeInformer(): Informer & {
  emit(event: InformerEvent, obj: KubeObject): void;
  stopped: boolean;
} {
  const handlers: Record<InformerEvent, InformerHandler[]> = { add: [], update: [], delete: [] };
  return {
    synced: Promise.resolve(),
    stopped: false,
    get: () => undefined,
    list: () => [],
    on(event, handler) {
      handlers[event].push(handler);
    },
    stop() {
      this.stopped = true;
    },
    emit(event, obj) {
      for (const handler of handlers[event]) handler(obj, undefined);
    },
  };
}

describe('serviceRecordOf, endpointsRecordOf, podRecordOf', () => {
  it.each([
    [
      'a ClusterIP Service with its ports (protocol TCP by default, bad ports skipped)',
      {
        clusterIP: '127.96.0.20',
        ports: [{ name: 'http', port: 80 }, { port: 53, protocol: 'UDP' }, { port: 0 }],
      },
      {
        kind: 'cluster-ip',
        clusterIp: '127.96.0.20',
        ports: [
          { name: 'http', protocol: 'TCP', port: 80 },
          { name: '', protocol: 'UDP', port: 53 },
        ],
      },
    ],
    ['a Service before its ClusterIP', {}, { kind: 'cluster-ip', clusterIp: '', ports: [] }],
    ['a headless Service', { clusterIP: 'None' }, { kind: 'headless', ports: [] }],
    [
      'an ExternalName Service',
      { type: 'ExternalName', externalName: 'db.example.com.' },
      { kind: 'external-name', externalName: 'db.example.com', ports: [] },
    ],
    [
      'an ExternalName that is no host name: the name without data',
      { type: 'ExternalName', externalName: 'not a name' },
      { kind: 'cluster-ip', clusterIp: '', ports: [] },
    ],
  ])('reads %s', (_, spec, expected) => {
    expect(serviceRecordOf(object('Service', 'db', { spec }))).toEqual({
      namespace: 'demo',
      name: 'db',
      ...expected,
    });
  });

  it('reads only the ready IPv4 addresses of Endpoints, with their hostnames', () => {
    const eps = object('Endpoints', 'web', {
      subsets: [
        {
          addresses: [
            { ip: '127.1.0.7', hostname: 'web-0' },
            { ip: '127.1.0.6' },
            { ip: 'fd00::1' },
          ],
          notReadyAddresses: [{ ip: '127.1.0.8' }],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
    expect(endpointsRecordOf(eps)).toEqual({
      namespace: 'demo',
      name: 'web',
      subsets: [
        {
          addresses: [{ ip: '127.1.0.7', hostname: 'web-0' }, { ip: '127.1.0.6' }],
          ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
        },
      ],
    });
  });

  it.each([
    [
      'a running pod',
      { status: { phase: 'Running', podIP: '127.1.0.9' } },
      { namespace: 'demo', name: 'p', ip: '127.1.0.9' },
    ],
    ['a pending pod without an address', { status: { phase: 'Pending' } }, undefined],
    [
      'a finished pod keeping its address',
      { status: { phase: 'Succeeded', podIP: '127.1.0.9' } },
      undefined,
    ],
    [
      'a host-network pod',
      { spec: { hostNetwork: true }, status: { phase: 'Running', podIP: '127.0.0.1' } },
      undefined,
    ],
  ])('reads %s', (_, body, expected) => {
    expect(podRecordOf(object('Pod', 'p', body))).toEqual(expected);
  });
});

describe('feedDnsIndex', () => {
  it('keeps the index equal to the informed Services, Endpoints and pods, and stops them', () => {
    const informers = new Map<string, ReturnType<typeof fakeInformer>>();
    const client = {
      informer: (ref: ResourceRef): Informer => {
        const informer = fakeInformer();
        informers.set(ref.resource, informer);
        return informer;
      },
    };
    const index = createDnsIndex();
    const feed = feedDnsIndex(client, index);
    const emit = (resource: string, event: InformerEvent, obj: KubeObject): void => {
      informers.get(resource)?.emit(event, obj);
    };

    emit('services', 'add', object('Service', 'db', { spec: { clusterIP: '127.96.0.20' } }));
    emit(
      'endpoints',
      'add',
      object('Endpoints', 'db', { subsets: [{ addresses: [{ ip: '127.1.0.9' }] }] }),
    );
    emit('pods', 'add', object('Pod', 'p', { status: { phase: 'Running', podIP: '127.1.0.9' } }));
    expect(index.service('demo', 'db')).toMatchObject({ clusterIp: '127.96.0.20' });
    expect(index.endpoints('demo', 'db')?.subsets[0]?.addresses).toEqual([{ ip: '127.1.0.9' }]);
    expect(index.podsWithIp('127.1.0.9').map((p) => p.name)).toEqual(['p']);

    emit('pods', 'update', object('Pod', 'p', { status: { phase: 'Failed', podIP: '127.1.0.9' } }));
    expect(index.podsWithIp('127.1.0.9')).toEqual([]);
    emit('services', 'delete', object('Service', 'db', {}));
    emit('endpoints', 'delete', object('Endpoints', 'db', {}));
    expect(index.service('demo', 'db')).toBeUndefined();
    expect(index.endpoints('demo', 'db')).toBeUndefined();

    feed.stop();
    expect([...informers.values()].map((i) => i.stopped)).toEqual([true, true, true]);
  });
});
