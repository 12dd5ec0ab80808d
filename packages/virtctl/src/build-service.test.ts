import { describe, expect, it } from 'vitest';
import {
  buildService,
  exposeKindOf,
  podNetworkPorts,
  serviceSelectorOf,
  type ExposeKind,
  type ExposeSource,
} from './build-service.ts';
import type { ExposeOptions } from './parse-expose-options.ts';
import { UsageError } from './usage-error.ts';

const vmiSpec = {
  domain: {
    devices: {
      interfaces: [
        { name: 'extra', bridge: {}, ports: [{ port: 9 }] },
        {
          name: 'default',
          masquerade: {},
          ports: [
            { name: 'http', port: 80 },
            { port: 53, protocol: 'udp' },
          ],
        },
      ],
    },
  },
  networks: [
    { name: 'extra', multus: { networkName: 'x' } },
    { name: 'default', pod: {} },
  ],
};

const vmi = {
  metadata: {
    name: 'web',
    labels: {
      app: 'web',
      tier: 'front',
      'kubevirt.io/nodeName': 'node-1',
      'kubevirt.io/migrationTargetNodeName': 'node-2',
      'kubevirt.io/vm-pool-revision-name': 'rev-1',
    },
  },
  spec: vmiSpec,
};

const vm = {
  metadata: { name: 'web', labels: { owner: 'team-a' } },
  spec: {
    template: {
      metadata: { labels: { app: 'web', 'kubevirt.io/vm-pool-revision-name': 'rev-1' } },
      spec: vmiSpec,
    },
  },
};

const vmirs = {
  metadata: { name: 'pool', labels: { owner: 'team-a' } },
  spec: {
    selector: { matchLabels: { app: 'pool' } },
    template: { metadata: { labels: { app: 'pool', extra: 'x' } }, spec: vmiSpec },
  },
};

const options: ExposeOptions & { namespace: string } = {
  serviceName: 'web-svc',
  port: { protocol: 'TCP', port: 8080, targetPort: 80 },
  type: 'ClusterIP',
  namespace: 'demo',
};

const withoutPort: ExposeOptions & { namespace: string } = {
  serviceName: 'web-svc',
  type: 'ClusterIP',
  namespace: 'demo',
};

function source(kind: ExposeKind, object: unknown, type: string = kind): ExposeSource {
  return { kind, type, name: 'web', object };
}

describe('exposeKindOf', () => {
  it.each([
    ['vmi', 'vmi'],
    ['VirtualMachineInstances', 'vmi'],
    ['VM', 'vm'],
    ['virtualmachine', 'vm'],
    ['vmirs', 'vmirs'],
    ['VirtualMachineInstanceReplicaSet', 'vmirs'],
  ])('reads %s as %s', (raw, kind) => {
    expect(exposeKindOf(raw)).toBe(kind);
  });

  it.each(['pod', 'vmim', ''])('rejects the resource type %j with the types it takes', (raw) => {
    expect(() => exposeKindOf(raw)).toThrow(UsageError);
    expect(() => exposeKindOf(raw)).toThrow(
      `unsupported resource type ${JSON.stringify(raw)}: use vm (virtualmachine), vmi (virtualmachineinstance) or vmirs`,
    );
  });
});

describe('serviceSelectorOf', () => {
  it.each<[string, ExposeKind, unknown, Record<string, string>]>([
    ['a VMI: its labels without the placement labels', 'vmi', vmi, { app: 'web', tier: 'front' }],
    ["a VM: its template's labels, not its own", 'vm', vm, { app: 'web' }],
    ["a replica set: its selector's matchLabels", 'vmirs', vmirs, { app: 'pool' }],
    ['a VMI without labels: none', 'vmi', { metadata: { name: 'x' } }, {}],
    ['a VM without a template: none', 'vm', { metadata: {}, spec: {} }, {}],
    ['a replica set without a selector: none', 'vmirs', { spec: {} }, {}],
    ['an object that is no object: none', 'vmi', 'garbage', {}],
    [
      'labels that are not strings: left out',
      'vmi',
      { metadata: { labels: { app: 'web', n: 1, o: null } } },
      { app: 'web' },
    ],
  ])('selects %s', (_, kind, object, selector) => {
    expect(serviceSelectorOf(kind, object)).toEqual(selector);
  });

  it('refuses a replica set that selects by match expressions', () => {
    const object = {
      spec: {
        selector: {
          matchLabels: { app: 'pool' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }],
        },
      },
    };
    expect(() => serviceSelectorOf('vmirs', object)).toThrow(
      'cannot expose VirtualMachineInstanceReplicaSet with match expressions',
    );
  });
});

describe('podNetworkPorts', () => {
  it("names the pod network interface's ports port-1, port-2…, TCP unless said", () => {
    expect(podNetworkPorts(vmiSpec)).toEqual([
      { name: 'port-1', protocol: 'TCP', port: 80, targetPort: 80 },
      { name: 'port-2', protocol: 'UDP', port: 53, targetPort: 53 },
    ]);
  });

  it.each([
    ['no pod network', { ...vmiSpec, networks: [{ name: 'extra', multus: {} }] }],
    ['no interface for the pod network', { ...vmiSpec, domain: { devices: { interfaces: [] } } }],
    ['no spec', undefined],
  ])('finds none with %s', (_, spec) => {
    expect(podNetworkPorts(spec)).toEqual([]);
  });
});

describe('buildService', () => {
  it('builds a Service selecting the VMI, on the given port, in the namespace', () => {
    expect(buildService(source('vmi', vmi), options)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web-svc', namespace: 'demo' },
      spec: {
        ports: [{ protocol: 'TCP', port: 8080, targetPort: 80 }],
        selector: { app: 'web', tier: 'front' },
        type: 'ClusterIP',
      },
    });
  });

  it('sets the type, cluster IP and external IP from the flags', () => {
    const service = buildService(source('vm', vm), {
      ...options,
      type: 'LoadBalancer',
      clusterIP: '10.96.0.20',
      externalIP: '192.0.2.1',
    });
    expect(service.spec).toMatchObject({
      type: 'LoadBalancer',
      clusterIP: '10.96.0.20',
      externalIPs: ['192.0.2.1'],
    });
  });

  it.each<[ExposeKind, unknown]>([
    ['vmi', vmi],
    ['vm', vm],
    ['vmirs', vmirs],
  ])('exposes the declared pod-network ports of a %s when no port is given', (kind, object) => {
    expect(buildService(source(kind, object), withoutPort).spec.ports).toEqual([
      { name: 'port-1', protocol: 'TCP', port: 80, targetPort: 80 },
      { name: 'port-2', protocol: 'UDP', port: 53, targetPort: 53 },
    ]);
  });

  it.each<[ExposeKind, string, unknown]>([
    ['vmi', 'virtualmachineinstance', { metadata: { labels: { 'kubevirt.io/nodeName': 'n' } } }],
    ['vm', 'vm', { spec: { template: { metadata: {} } } }],
    ['vmirs', 'vmirs', { spec: { selector: {} } }],
  ])('refuses a %s without labels, naming it as typed', (kind, type, object) => {
    expect(() => buildService(source(kind, object, type), options)).toThrow(
      `cannot expose ${type} without any label: web`,
    );
  });

  it('refuses when there is no --port and no declared port', () => {
    const object = { metadata: { labels: { app: 'web' } }, spec: { domain: { devices: {} } } };
    expect(() => buildService(source('vmi', object), withoutPort)).toThrow(
      "couldn't find port via --port flag or introspection: vmi web declares no ports",
    );
  });
});
