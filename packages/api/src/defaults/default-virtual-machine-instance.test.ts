import { describe, expect, it } from 'vitest';
import { type ClusterConfig, defaultClusterConfig } from '../cluster-config.ts';
import type { LooseDomain, LooseVmiSpec } from '../validation/loose.ts';
import { deepFreeze, vmiWith } from '../validation/test-fixtures.ts';
import { defaultVirtualMachineInstance } from './default-virtual-machine-instance.ts';

const rootVolume = {
  name: 'rootdisk',
  containerDisk: { image: 'quay.io/containerdisks/fedora:40' },
};
/** A minimal VMI spec as a user writes it. */
const userSpec = (over: LooseVmiSpec = {}): LooseVmiSpec => ({
  domain: { resources: { requests: { memory: '1Gi' } }, devices: {} },
  volumes: [rootVolume],
  ...over,
});
const userDomain = (over: LooseDomain): LooseVmiSpec =>
  userSpec({ domain: { devices: {}, ...over } });

function defaulted(spec: LooseVmiSpec, config: ClusterConfig = defaultClusterConfig): LooseVmiSpec {
  return defaultVirtualMachineInstance(deepFreeze(vmiWith(spec)), config).spec;
}

type Row = [string, LooseVmiSpec, (spec: LooseVmiSpec) => unknown, unknown, ClusterConfig?];

const overcommit150: ClusterConfig = { ...defaultClusterConfig, memoryOvercommitPercent: 150 };
const customCluster: ClusterConfig = {
  ...defaultClusterConfig,
  machineType: 'pc-q35-9.0',
  cpuRequest: '250m',
  evictionStrategy: 'LiveMigrate',
};

const rows: Row[] = [
  // machine type
  ['sets the cluster machine type', userSpec(), (s) => s.domain?.machine, { type: 'q35' }],
  [
    'uses a configured machine type',
    userSpec(),
    (s) => s.domain?.machine?.type,
    'pc-q35-9.0',
    customCluster,
  ],
  [
    'keeps a machine type',
    userDomain({ machine: { type: 'pc' }, memory: { guest: '1Gi' } }),
    (s) => s.domain?.machine?.type,
    'pc',
  ],
  // CPU request
  [
    'requests the cluster CPU request',
    userSpec(),
    (s) => s.domain?.resources?.requests?.cpu,
    '100m',
  ],
  [
    'uses a configured CPU request',
    userSpec(),
    (s) => s.domain?.resources?.requests?.cpu,
    '250m',
    customCluster,
  ],
  [
    'copies a CPU limit into the request',
    userDomain({ resources: { requests: { memory: '1Gi' }, limits: { cpu: '2' } } }),
    (s) => s.domain?.resources?.requests?.cpu,
    '2',
  ],
  [
    'keeps a CPU request',
    userDomain({ resources: { requests: { memory: '1Gi', cpu: '1' } } }),
    (s) => s.domain?.resources?.requests?.cpu,
    '1',
  ],
  // memory request and guest memory
  [
    'copies a memory limit into the request',
    userDomain({ resources: { limits: { memory: '2Gi' } } }),
    (s) => s.domain?.resources?.requests?.memory,
    '2Gi',
  ],
  [
    'requests the guest memory',
    userDomain({ memory: { guest: '2Gi' } }),
    (s) => s.domain?.resources?.requests?.memory,
    '2Gi',
  ],
  [
    'requests less than the guest memory with overcommit',
    userDomain({ memory: { guest: '3Gi' } }),
    (s) => s.domain?.resources?.requests?.memory,
    '2Gi',
    overcommit150,
  ],
  [
    'keeps a memory request',
    userDomain({ memory: { guest: '2Gi' }, resources: { requests: { memory: '1Gi' } } }),
    (s) => s.domain?.resources?.requests?.memory,
    '1Gi',
  ],
  ['sizes the guest from the memory request', userSpec(), (s) => s.domain?.memory?.guest, '1Gi'],
  [
    'sizes the guest from the memory limit',
    userDomain({ resources: { limits: { memory: 2147483648 } } }),
    (s) => s.domain?.memory?.guest,
    2147483648,
  ],
  [
    'keeps a guest size',
    userDomain({ memory: { guest: '512Mi' }, resources: { requests: { memory: '1Gi' } } }),
    (s) => s.domain?.memory?.guest,
    '512Mi',
  ],
  ['leaves memory alone when nothing sizes it', userDomain({}), (s) => s.domain?.memory, undefined],
  // CPU topology
  [
    'gives one socket, core and thread by default',
    userSpec(),
    (s) => s.domain?.cpu,
    { sockets: 1, cores: 1, threads: 1 },
  ],
  [
    'puts requested CPUs into sockets',
    userDomain({ resources: { requests: { memory: '1Gi', cpu: '2' } } }),
    (s) => s.domain?.cpu?.sockets,
    2,
  ],
  [
    'rounds a fractional CPU limit up',
    userDomain({ resources: { requests: { memory: '1Gi' }, limits: { cpu: '1500m' } } }),
    (s) => s.domain?.cpu?.sockets,
    2,
  ],
  [
    'fills a partial topology with 1',
    userDomain({ cpu: { cores: 2 }, memory: { guest: '1Gi' } }),
    (s) => s.domain?.cpu,
    { sockets: 1, cores: 2, threads: 1 },
  ],
  [
    'keeps a CPU model',
    userDomain({ cpu: { model: 'host-passthrough' }, memory: { guest: '1Gi' } }),
    (s) => s.domain?.cpu?.model,
    'host-passthrough',
  ],
  // containerDisk pull policy
  [
    'pulls untagged images always',
    userSpec({ volumes: [{ name: 'rootdisk', containerDisk: { image: 'fedora' } }] }),
    (s) => s.volumes?.[0]?.containerDisk?.imagePullPolicy,
    'Always',
  ],
  [
    'pulls :latest images always',
    userSpec({
      volumes: [{ name: 'rootdisk', containerDisk: { image: 'quay.io/f/fedora:latest' } }],
    }),
    (s) => s.volumes?.[0]?.containerDisk?.imagePullPolicy,
    'Always',
  ],
  [
    'pulls untagged images from a registry with a port always',
    userSpec({
      volumes: [{ name: 'rootdisk', containerDisk: { image: 'localhost:5000/fedora' } }],
    }),
    (s) => s.volumes?.[0]?.containerDisk?.imagePullPolicy,
    'Always',
  ],
  [
    'pulls tagged images if not present',
    userSpec(),
    (s) => s.volumes?.[0]?.containerDisk?.imagePullPolicy,
    'IfNotPresent',
  ],
  [
    'pulls images by digest if not present',
    userSpec({ volumes: [{ name: 'rootdisk', containerDisk: { image: 'fedora@sha256:abcd' } }] }),
    (s) => s.volumes?.[0]?.containerDisk?.imagePullPolicy,
    'IfNotPresent',
  ],
  [
    'keeps a pull policy',
    userSpec({
      volumes: [{ name: 'rootdisk', containerDisk: { image: 'fedora', imagePullPolicy: 'Never' } }],
    }),
    (s) => s.volumes?.[0]?.containerDisk?.imagePullPolicy,
    'Never',
  ],
  // eviction strategy and grace period
  [
    'takes the cluster eviction strategy',
    userSpec(),
    (s) => s.evictionStrategy,
    'LiveMigrate',
    customCluster,
  ],
  [
    'sets no eviction strategy without a cluster default',
    userSpec(),
    (s) => s.evictionStrategy,
    undefined,
  ],
  [
    'keeps an eviction strategy',
    userSpec({ evictionStrategy: 'None' }),
    (s) => s.evictionStrategy,
    'None',
    customCluster,
  ],
  ['gives a 30 s grace period', userSpec(), (s) => s.terminationGracePeriodSeconds, 30],
  [
    'keeps a grace period of 0',
    userSpec({ terminationGracePeriodSeconds: 0 }),
    (s) => s.terminationGracePeriodSeconds,
    0,
  ],
  // networks and interfaces
  ['adds the default pod network', userSpec(), (s) => s.networks, [{ name: 'default', pod: {} }]],
  [
    'adds a masquerade interface',
    userSpec(),
    (s) => s.domain?.devices?.interfaces,
    [{ name: 'default', masquerade: {}, model: 'virtio' }],
  ],
  [
    'adds no network when autoattachPodInterface is false',
    userDomain({ devices: { autoattachPodInterface: false }, memory: { guest: '1Gi' } }),
    (s) => [s.networks, s.domain?.devices?.interfaces],
    [undefined, undefined],
  ],
  [
    'adds no network next to declared ones',
    userSpec({
      networks: [{ name: 'net', pod: {} }],
      domain: { memory: { guest: '1Gi' }, devices: { interfaces: [{ name: 'net', bridge: {} }] } },
    }),
    (s) => s.networks,
    [{ name: 'net', pod: {} }],
  ],
  [
    'binds an interface on the pod network with masquerade',
    userSpec({
      networks: [{ name: 'net', pod: {} }],
      domain: { memory: { guest: '1Gi' }, devices: { interfaces: [{ name: 'net' }] } },
    }),
    (s) => s.domain?.devices?.interfaces?.[0]?.masquerade,
    {},
  ],
  [
    'keeps an interface model',
    userSpec({
      networks: [{ name: 'net', pod: {} }],
      domain: {
        memory: { guest: '1Gi' },
        devices: { interfaces: [{ name: 'net', passtBinding: {}, model: 'e1000' }] },
      },
    }),
    (s) => s.domain?.devices?.interfaces?.[0],
    { name: 'net', passtBinding: {}, model: 'e1000' },
  ],
  // disks
  [
    'adds a virtio disk for a volume without one',
    userSpec(),
    (s) => s.domain?.devices?.disks,
    [{ name: 'rootdisk', disk: { bus: 'virtio' } }],
  ],
  [
    'makes a disk without a target a disk',
    userDomain({ devices: { disks: [{ name: 'rootdisk' }] }, memory: { guest: '1Gi' } }),
    (s) => s.domain?.devices?.disks?.[0]?.disk,
    { bus: 'virtio' },
  ],
  [
    'puts a cdrom on sata',
    userDomain({ devices: { disks: [{ name: 'rootdisk', cdrom: {} }] }, memory: { guest: '1Gi' } }),
    (s) => s.domain?.devices?.disks?.[0]?.cdrom,
    { bus: 'sata' },
  ],
  [
    'puts a lun on virtio',
    userDomain({ devices: { disks: [{ name: 'rootdisk', lun: {} }] }, memory: { guest: '1Gi' } }),
    (s) => s.domain?.devices?.disks?.[0]?.lun,
    { bus: 'virtio' },
  ],
  [
    'keeps a disk bus',
    userDomain({
      devices: { disks: [{ name: 'rootdisk', disk: { bus: 'sata' } }] },
      memory: { guest: '1Gi' },
    }),
    (s) => s.domain?.devices?.disks?.[0]?.disk,
    { bus: 'sata' },
  ],
  ['does not default the firmware UUID', userSpec(), (s) => s.domain?.firmware, undefined],
];

describe('defaultVirtualMachineInstance', () => {
  const cases = rows.map(([name, spec, pick, expected, config = defaultClusterConfig]) => ({
    name,
    spec,
    pick,
    expected,
    config,
  }));

  it.each(cases)('$name', ({ spec, pick, expected, config }) => {
    expect(pick(defaulted(spec, config))).toEqual(expected);
  });

  it.each(cases)('is idempotent: $name', ({ spec, config }) => {
    const once = defaultVirtualMachineInstance(deepFreeze(vmiWith(spec)), config);
    expect(defaultVirtualMachineInstance(deepFreeze(once), config)).toEqual(once);
  });

  it('does not change its (frozen) input', () => {
    const vmi = deepFreeze(vmiWith(userSpec()));
    const copy = structuredClone(vmi);
    defaultVirtualMachineInstance(vmi, defaultClusterConfig);
    expect(vmi).toEqual(copy);
  });

  it('keeps metadata and status', () => {
    const vmi = { ...vmiWith(userSpec()), status: { phase: 'Running' as const } };
    const result = defaultVirtualMachineInstance(deepFreeze(vmi), defaultClusterConfig);
    expect([result.metadata, result.status]).toEqual([vmi.metadata, vmi.status]);
  });

  it('returns a malformed object unchanged instead of throwing', () => {
    const vmi = vmiWith(userDomain({ devices: { disks: 'oops' as never } }));
    expect(defaultVirtualMachineInstance(deepFreeze(vmi), defaultClusterConfig)).toEqual(vmi);
  });
});
