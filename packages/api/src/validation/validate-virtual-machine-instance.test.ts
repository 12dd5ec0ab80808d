import { describe, expect, it } from 'vitest';
import { type ClusterConfig, defaultClusterConfig } from '../cluster-config.ts';
import type { FieldError } from './field-error.ts';
import type { LooseVmiSpec } from './loose.ts';
import {
  baseDevices,
  baseSpec,
  deepFreeze,
  domainWithDevices,
  vmiWith,
  withDevices,
  withDomain,
  withSpec,
} from './test-fixtures.ts';
import {
  validateVirtualMachineInstanceCreate,
  validateVirtualMachineInstanceUpdate,
} from './validate-virtual-machine-instance.ts';

type Expected = [field: string, type: FieldError['type']][];

const disks = 'spec.domain.devices.disks';
const ifaces = 'spec.domain.devices.interfaces';
const hostDiskGate: ClusterConfig = { ...defaultClusterConfig, featureGates: ['HostDisk'] };

function check(
  spec: LooseVmiSpec | undefined,
  config: ClusterConfig = defaultClusterConfig,
): Expected {
  const errors = validateVirtualMachineInstanceCreate(deepFreeze(vmiWith(spec)), config);
  return errors.map((e) => [e.field, e.type]);
}

const rootVolume = baseSpec().volumes?.[0] ?? {};
const withVolume = (volume: NonNullable<LooseVmiSpec['volumes']>[number]): LooseVmiSpec => {
  const spec = withSpec({ volumes: [rootVolume, { name: 'extra', ...volume }] });
  spec.domain?.devices?.disks?.push({ name: 'extra', disk: { bus: 'virtio' } });
  return spec;
};
type Interfaces = NonNullable<
  NonNullable<NonNullable<LooseVmiSpec['domain']>['devices']>['interfaces']
>;
const withPorts = (interfaces: Interfaces): LooseVmiSpec => withDevices({ interfaces });
const withoutDomain = (): LooseVmiSpec => {
  const spec = baseSpec();
  delete spec.domain;
  return spec;
};

describe('validateVirtualMachineInstanceCreate', () => {
  it('accepts a valid, defaulted VMI', () => {
    expect(check(baseSpec())).toEqual([]);
  });

  it.each<[string, LooseVmiSpec | undefined, Expected]>([
    ['a missing spec', undefined, [['spec', 'FieldValueRequired']]],
    ['a missing domain', withoutDomain(), [['spec.domain', 'FieldValueRequired']]],
  ])('rejects %s', (_, spec, expected) => {
    expect(check(spec)).toEqual(expected);
  });

  describe('disks', () => {
    it.each<[string, LooseVmiSpec, Expected]>([
      [
        'a disk without a volume',
        withDevices({ disks: [baseDevices().disks?.[0] ?? {}, { name: 'nope', disk: {} }] }),
        [[`${disks}[1].name`, 'FieldValueInvalid']],
      ],
      [
        'duplicate disk names',
        withDevices({
          disks: [
            { name: 'rootdisk', disk: {} },
            { name: 'rootdisk', cdrom: {} },
          ],
        }),
        [[`${disks}[1].name`, 'FieldValueDuplicate']],
      ],
      [
        'a disk name that is not a DNS label',
        withSpec({
          domain: domainWithDevices({ disks: [{ name: 'Root_Disk', disk: {} }] }),
          volumes: [{ name: 'Root_Disk', containerDisk: { image: 'img:1' } }],
        }),
        [
          [`${disks}[0].name`, 'FieldValueInvalid'],
          ['spec.volumes[0].name', 'FieldValueInvalid'],
        ],
      ],
      [
        'two targets on one disk',
        withDevices({ disks: [{ name: 'rootdisk', disk: {}, cdrom: {} }] }),
        [[`${disks}[0]`, 'FieldValueInvalid']],
      ],
      [
        'an unknown bus',
        withDevices({ disks: [{ name: 'rootdisk', disk: { bus: 'floppy' } }] }),
        [[`${disks}[0].disk.bus`, 'FieldValueNotSupported']],
      ],
      [
        'the ide bus',
        withDevices({ disks: [{ name: 'rootdisk', disk: { bus: 'ide' } }] }),
        [[`${disks}[0].disk.bus`, 'FieldValueInvalid']],
      ],
      [
        'a virtio cdrom',
        withDevices({ disks: [{ name: 'rootdisk', cdrom: { bus: 'virtio' } }] }),
        [[`${disks}[0].cdrom.bus`, 'FieldValueInvalid']],
      ],
      [
        'a lun on a containerDisk',
        withDevices({ disks: [{ name: 'rootdisk', lun: {} }] }),
        [[`${disks}[0].lun`, 'FieldValueInvalid']],
      ],
      [
        'a boot order of 0',
        withDevices({ disks: [{ name: 'rootdisk', disk: {}, bootOrder: 0 }] }),
        [[`${disks}[0].bootOrder`, 'FieldValueInvalid']],
      ],
    ])('rejects %s', (_, spec, expected) => {
      expect(check(spec)).toEqual(expected);
    });

    it.each<[string, LooseVmiSpec]>([
      ['a sata cdrom', withDevices({ disks: [{ name: 'rootdisk', cdrom: { bus: 'sata' } }] })],
      [
        'a scsi disk with boot order 1',
        withDevices({ disks: [{ name: 'rootdisk', disk: { bus: 'scsi' }, bootOrder: 1 }] }),
      ],
      ['a disk without a target', withDevices({ disks: [{ name: 'rootdisk' }] })],
    ])('accepts %s', (_, spec) => {
      expect(check(spec)).toEqual([]);
    });

    it('names the missing volume the way KubeVirt does', () => {
      const spec = withDevices({
        disks: [
          { name: 'rootdisk', disk: {} },
          { name: 'foo', disk: {} },
        ],
      });
      const [error] = validateVirtualMachineInstanceCreate(vmiWith(spec), defaultClusterConfig);
      expect(error?.message).toBe(`${disks}[1].name 'foo' not found.`);
    });
  });

  describe('volumes', () => {
    it.each<[string, LooseVmiSpec, Expected]>([
      ['no source', withVolume({}), [['spec.volumes[1]', 'FieldValueInvalid']]],
      [
        'two sources',
        withVolume({ emptyDisk: { capacity: '1Gi' }, containerDisk: { image: 'a:1' } }),
        [['spec.volumes[1]', 'FieldValueInvalid']],
      ],
      [
        'a duplicate name',
        withSpec({ volumes: [rootVolume, rootVolume] }),
        [['spec.volumes[1].name', 'FieldValueDuplicate']],
      ],
      [
        'a containerDisk without image',
        withVolume({ containerDisk: {} }),
        [['spec.volumes[1].containerDisk.image', 'FieldValueRequired']],
      ],
      [
        'a relative containerDisk path',
        withVolume({ containerDisk: { image: 'a:1', path: 'disk/../x' } }),
        [['spec.volumes[1].containerDisk.path', 'FieldValueInvalid']],
      ],
      [
        'cloud-init with two user-data sources',
        withVolume({ cloudInitNoCloud: { userData: 'x', userDataBase64: 'eA==' } }),
        [['spec.volumes[1].cloudInitNoCloud', 'FieldValueInvalid']],
      ],
      [
        'cloud-init without data',
        withVolume({ cloudInitNoCloud: {} }),
        [['spec.volumes[1].cloudInitNoCloud', 'FieldValueInvalid']],
      ],
      [
        'cloud-init user data over 2048 bytes',
        withVolume({ cloudInitConfigDrive: { userData: 'x'.repeat(2049) } }),
        [['spec.volumes[1].cloudInitConfigDrive', 'FieldValueInvalid']],
      ],
      [
        'cloud-init base64 user data over 2048 bytes',
        withVolume({ cloudInitNoCloud: { userDataBase64: Buffer.alloc(2049).toString('base64') } }),
        [['spec.volumes[1].cloudInitNoCloud', 'FieldValueInvalid']],
      ],
      [
        'cloud-init with bad base64',
        withVolume({ cloudInitNoCloud: { userDataBase64: 'not base64!' } }),
        [['spec.volumes[1].cloudInitNoCloud.userDataBase64', 'FieldValueInvalid']],
      ],
      [
        'an emptyDisk without capacity',
        withVolume({ emptyDisk: {} }),
        [['spec.volumes[1].emptyDisk.capacity', 'FieldValueRequired']],
      ],
      [
        'an emptyDisk of 0 bytes',
        withVolume({ emptyDisk: { capacity: '0' } }),
        [['spec.volumes[1].emptyDisk.capacity', 'FieldValueInvalid']],
      ],
      [
        'a malformed emptyDisk capacity',
        withVolume({ emptyDisk: { capacity: 'lots' } }),
        [['spec.volumes[1].emptyDisk.capacity', 'FieldValueInvalid']],
      ],
      [
        'a configMap without name',
        withVolume({ configMap: {} }),
        [['spec.volumes[1].configMap.name', 'FieldValueRequired']],
      ],
      [
        'a PVC without claimName',
        withVolume({ persistentVolumeClaim: {} }),
        [['spec.volumes[1].persistentVolumeClaim.claimName', 'FieldValueRequired']],
      ],
    ])('rejects %s', (_, spec, expected) => {
      expect(check(spec)).toEqual(expected);
    });

    it.each<[string, LooseVmiSpec]>([
      [
        'cloud-init user data of 2048 bytes',
        withVolume({ cloudInitNoCloud: { userData: 'x'.repeat(2048) } }),
      ],
      [
        'cloud-init base64 user data',
        withVolume({ cloudInitNoCloud: { userDataBase64: 'I2Nsb3VkLWNvbmZpZwo=' } }),
      ],
      [
        'cloud-init network data only',
        withVolume({ cloudInitNoCloud: { networkData: 'version: 2' } }),
      ],
      ['a 1Gi emptyDisk', withVolume({ emptyDisk: { capacity: '1Gi' } })],
      [
        'an absolute containerDisk path',
        withVolume({ containerDisk: { image: 'a:1', path: '/disk/fedora.qcow2' } }),
      ],
    ])('accepts %s', (_, spec) => {
      expect(check(spec)).toEqual([]);
    });

    it.each<[string, LooseVmiSpec, ClusterConfig, Expected]>([
      [
        'a hostDisk without the HostDisk gate',
        withVolume({ hostDisk: { path: '/d.img', type: 'Disk' } }),
        defaultClusterConfig,
        [['spec.volumes[1]', 'FieldValueInvalid']],
      ],
      [
        'a hostDisk without path',
        withVolume({ hostDisk: { type: 'Disk' } }),
        hostDiskGate,
        [['spec.volumes[1].hostDisk.path', 'FieldValueRequired']],
      ],
      [
        'a hostDisk of unknown type',
        withVolume({ hostDisk: { path: '/d.img', type: 'Block' } }),
        hostDiskGate,
        [['spec.volumes[1].hostDisk.type', 'FieldValueInvalid']],
      ],
      [
        'a DiskOrCreate hostDisk without capacity',
        withVolume({ hostDisk: { path: '/d.img', type: 'DiskOrCreate' } }),
        hostDiskGate,
        [['spec.volumes[1].hostDisk.capacity', 'FieldValueRequired']],
      ],
      [
        'a Disk hostDisk with capacity',
        withVolume({ hostDisk: { path: '/d.img', type: 'Disk', capacity: '1Gi' } }),
        hostDiskGate,
        [['spec.volumes[1].hostDisk.capacity', 'FieldValueInvalid']],
      ],
      [
        'a DiskOrCreate hostDisk with the gate',
        withVolume({ hostDisk: { path: '/d.img', type: 'DiskOrCreate', capacity: '1Gi' } }),
        hostDiskGate,
        [],
      ],
    ])('%s', (_, spec, config, expected) => {
      expect(check(spec, config)).toEqual(expected);
    });
  });

  describe('networks and interfaces', () => {
    it.each<[string, LooseVmiSpec, Expected]>([
      [
        'an interface without a network',
        withDevices({
          interfaces: [
            { name: 'default', masquerade: {} },
            { name: 'other', bridge: {} },
          ],
        }),
        [[`${ifaces}[1].name`, 'FieldValueInvalid']],
      ],
      [
        'a network without an interface',
        withSpec({
          networks: [
            { name: 'default', pod: {} },
            { name: 'other', pod: {} },
          ],
        }),
        [
          ['spec.networks[1]', 'FieldValueDuplicate'],
          ['spec.networks[1].name', 'FieldValueRequired'],
        ],
      ],
      [
        'two pod networks',
        withSpec({
          networks: [
            { name: 'default', pod: {} },
            { name: 'b', pod: {} },
          ],
          domain: domainWithDevices({
            interfaces: [
              { name: 'default', masquerade: {} },
              { name: 'b', masquerade: {} },
            ],
          }),
        }),
        [['spec.networks[1]', 'FieldValueDuplicate']],
      ],
      ...[
        ['not a CIDR', '10.0.2.0'],
        ['IPv6', 'fd10:0:2::/120'],
        ['no room for a guest', '10.0.2.0/31'],
        ['loopback', '127.0.0.0/24'],
      ].map(([what = '', cidr = '']): [string, LooseVmiSpec, Expected] => [
        `a vmNetworkCIDR that is ${what}`,
        withSpec({ networks: [{ name: 'default', pod: { vmNetworkCIDR: cidr } }] }),
        [['spec.networks[0].pod.vmNetworkCIDR', 'FieldValueInvalid']],
      ]),
      [
        'a network without a source',
        withSpec({ networks: [{ name: 'default' }] }),
        [['spec.networks[0]', 'FieldValueRequired']],
      ],
      [
        'duplicate network names',
        withSpec({ networks: [{ name: 'default', pod: {} }, { name: 'default' }] }),
        [
          ['spec.networks[1]', 'FieldValueRequired'],
          ['spec.networks[1].name', 'FieldValueDuplicate'],
        ],
      ],
      [
        'duplicate interface names',
        withDevices({
          interfaces: [
            { name: 'default', masquerade: {} },
            { name: 'default', masquerade: {} },
          ],
        }),
        [[`${ifaces}[1].name`, 'FieldValueDuplicate']],
      ],
      [
        'a bad interface name',
        withSpec({
          networks: [{ name: 'a b', pod: {} }],
          domain: domainWithDevices({ interfaces: [{ name: 'a b', masquerade: {} }] }),
        }),
        [[`${ifaces}[0].name`, 'FieldValueInvalid']],
      ],
      [
        'an interface without a binding',
        withDevices({ interfaces: [{ name: 'default' }] }),
        [[`${ifaces}[0]`, 'FieldValueRequired']],
      ],
      [
        'an interface with two bindings',
        withDevices({ interfaces: [{ name: 'default', masquerade: {}, bridge: {} }] }),
        [[`${ifaces}[0]`, 'FieldValueInvalid']],
      ],
      [
        'an unknown model',
        withDevices({ interfaces: [{ name: 'default', masquerade: {}, model: 'vmxnet3' }] }),
        [[`${ifaces}[0].model`, 'FieldValueNotSupported']],
      ],
      [
        'a malformed MAC address',
        withDevices({ interfaces: [{ name: 'default', masquerade: {}, macAddress: '02:00:00' }] }),
        [[`${ifaces}[0].macAddress`, 'FieldValueInvalid']],
      ],
      [
        'port 0',
        withPorts([{ name: 'default', masquerade: {}, ports: [{ port: 0 }] }]),
        [[`${ifaces}[0].ports[0]`, 'FieldValueRequired']],
      ],
      [
        'port 65536',
        withPorts([{ name: 'default', masquerade: {}, ports: [{ port: 65536 }] }]),
        [[`${ifaces}[0].ports[0]`, 'FieldValueInvalid']],
      ],
      [
        'protocol SCTP',
        withPorts([{ name: 'default', masquerade: {}, ports: [{ port: 22, protocol: 'SCTP' }] }]),
        [[`${ifaces}[0].ports[0].protocol`, 'FieldValueInvalid']],
      ],
      [
        'duplicate port names',
        withPorts([
          {
            name: 'default',
            masquerade: {},
            ports: [
              { port: 22, name: 'ssh' },
              { port: 23, name: 'ssh' },
            ],
          },
        ]),
        [[`${ifaces}[0].ports[1].name`, 'FieldValueDuplicate']],
      ],
    ])('rejects %s', (_, spec, expected) => {
      expect(check(spec)).toEqual(expected);
    });

    it.each<[string, LooseVmiSpec]>([
      [
        'passt on the pod network',
        withDevices({ interfaces: [{ name: 'default', passtBinding: {} }] }),
      ],
      ['bridge on the pod network', withDevices({ interfaces: [{ name: 'default', bridge: {} }] })],
      [
        'ports 22/TCP and 53/UDP',
        withPorts([
          {
            name: 'default',
            masquerade: {},
            ports: [
              { port: 22, name: 'ssh' },
              { port: 53, protocol: 'UDP' },
            ],
          },
        ]),
      ],
      [
        'a MAC address',
        withDevices({
          interfaces: [{ name: 'default', masquerade: {}, macAddress: '02:00:00:00:00:01' }],
        }),
      ],
      [
        'a vmNetworkCIDR of its own',
        withSpec({ networks: [{ name: 'default', pod: { vmNetworkCIDR: '192.168.7.0/29' } }] }),
      ],
      [
        'no networks with autoattachPodInterface false',
        withSpec({
          networks: [],
          domain: domainWithDevices({ interfaces: [], autoattachPodInterface: false }),
        }),
      ],
    ])('accepts %s', (_, spec) => {
      expect(check(spec)).toEqual([]);
    });
  });

  describe('memory and CPU', () => {
    const requests = 'spec.domain.resources.requests';
    const limits = 'spec.domain.resources.limits';
    it.each<[string, LooseVmiSpec, Expected]>([
      [
        'no memory at all',
        withDomain({ memory: {}, resources: {} }),
        [['spec.domain.memory.guest', 'FieldValueRequired']],
      ],
      [
        'a memory request of 0 and nothing else',
        withDomain({ memory: {}, resources: { requests: { memory: '0' } } }),
        [['spec.domain.memory.guest', 'FieldValueRequired']],
      ],
      [
        'a guest of 0',
        withDomain({ memory: { guest: '0' } }),
        [['spec.domain.memory.guest', 'FieldValueInvalid']],
      ],
      [
        'a negative memory request',
        withDomain({ resources: { requests: { memory: '-1Gi' } } }),
        [[`${requests}.memory`, 'FieldValueInvalid']],
      ],
      [
        'a memory request under 1M',
        withDomain({ resources: { requests: { memory: '1Ki' } } }),
        [[`${requests}.memory`, 'FieldValueInvalid']],
      ],
      [
        'more than 2Ti of guest memory',
        withDomain({ memory: { guest: '3Ti' }, resources: {} }),
        [['spec.domain.memory.guest', 'FieldValueInvalid']],
      ],
      [
        'a malformed memory limit',
        withDomain({ resources: { requests: { memory: '1Gi' }, limits: { memory: 'big' } } }),
        [[`${limits}.memory`, 'FieldValueInvalid']],
      ],
      [
        'a memory request above the limit',
        withDomain({
          memory: {},
          resources: { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } },
        }),
        [[`${requests}.memory`, 'FieldValueInvalid']],
      ],
      [
        'a guest above the memory limit',
        withDomain({
          memory: { guest: '2Gi' },
          resources: { requests: { memory: '1Gi' }, limits: { memory: '1Gi' } },
        }),
        [['spec.domain.memory.guest', 'FieldValueInvalid']],
      ],
      [
        'a CPU request above the limit',
        withDomain({ resources: { requests: { memory: '1Gi', cpu: '2' }, limits: { cpu: '1' } } }),
        [[`${requests}.cpu`, 'FieldValueInvalid']],
      ],
      [
        'a negative CPU limit',
        withDomain({ resources: { requests: { memory: '1Gi' }, limits: { cpu: '-1' } } }),
        [[`${limits}.cpu`, 'FieldValueInvalid']],
      ],
      [
        '0 cores',
        withDomain({ cpu: { sockets: 1, cores: 0, threads: 1 } }),
        [['spec.domain.cpu.cores', 'FieldValueInvalid']],
      ],
      [
        'more than 512 vCPUs',
        withDomain({ cpu: { sockets: 32, cores: 8, threads: 4 } }),
        [['spec.domain.cpu', 'FieldValueInvalid']],
      ],
      [
        'more sockets than maxSockets',
        withDomain({ cpu: { sockets: 4, cores: 1, threads: 1, maxSockets: 2 } }),
        [['spec.domain.cpu.sockets', 'FieldValueInvalid']],
      ],
    ])('rejects %s', (_, spec, expected) => {
      expect(check(spec)).toEqual(expected);
    });

    it.each<[string, LooseVmiSpec]>([
      ['guest memory only', withDomain({ memory: { guest: '1Gi' }, resources: {} })],
      ['a memory limit only', withDomain({ memory: {}, resources: { limits: { memory: '1Gi' } } })],
      [
        'a 1024M request (user-guide style)',
        withDomain({ memory: {}, resources: { requests: { memory: '1024M' } } }),
      ],
      [
        'guest equal to the limit',
        withDomain({ memory: { guest: '1Gi' }, resources: { limits: { memory: '1Gi' } } }),
      ],
      ['512 vCPUs', withDomain({ cpu: { sockets: 16, cores: 16, threads: 2 } })],
      [
        'numeric quantities',
        withDomain({
          memory: { guest: 1073741824 },
          resources: { requests: { cpu: 2, memory: 1073741824 } },
        }),
      ],
    ])('accepts %s', (_, spec) => {
      expect(check(spec)).toEqual([]);
    });
  });

  describe('firmware', () => {
    const kernelBoot = 'spec.domain.firmware.kernelBoot';
    it.each<[string, LooseVmiSpec, Expected]>([
      [
        'a kernelBoot container without image',
        withDomain({ firmware: { kernelBoot: { container: { kernelPath: '/boot/vmlinuz' } } } }),
        [[`${kernelBoot}.container.image`, 'FieldValueRequired']],
      ],
      [
        'a kernelBoot container without paths',
        withDomain({ firmware: { kernelBoot: { container: { image: 'k:1' } } } }),
        [[`${kernelBoot}.container`, 'FieldValueRequired']],
      ],
      [
        'a relative kernel path',
        withDomain({
          firmware: { kernelBoot: { container: { image: 'k:1', kernelPath: 'vmlinuz' } } },
        }),
        [[`${kernelBoot}.container.kernelPath`, 'FieldValueInvalid']],
      ],
      [
        'kernel arguments without a kernel',
        withDomain({ firmware: { kernelBoot: { kernelArgs: 'console=ttyS0' } } }),
        [[`${kernelBoot}.kernelArgs`, 'FieldValueInvalid']],
      ],
      [
        'both EFI and BIOS',
        withDomain({ firmware: { bootloader: { efi: {}, bios: {} } } }),
        [['spec.domain.firmware.bootloader', 'FieldValueInvalid']],
      ],
    ])('rejects %s', (_, spec, expected) => {
      expect(check(spec)).toEqual(expected);
    });

    it('accepts a kernelBoot container with image and kernel path', () => {
      const spec = withDomain({
        firmware: {
          kernelBoot: {
            kernelArgs: 'console=ttyS0',
            container: { image: 'k:1', kernelPath: '/boot/vmlinuz', initrdPath: '/boot/initrd' },
          },
        },
      });
      expect(check(spec)).toEqual([]);
    });
  });

  describe('scheduling', () => {
    it.each<[string, LooseVmiSpec, Expected]>([
      [
        'a negative grace period',
        withSpec({ terminationGracePeriodSeconds: -1 }),
        [['spec.terminationGracePeriodSeconds', 'FieldValueInvalid']],
      ],
      [
        'an unknown eviction strategy',
        withSpec({ evictionStrategy: 'Evict' as never }),
        [['spec.evictionStrategy', 'FieldValueInvalid']],
      ],
      [
        'LiveMigrate with bridge on the pod network',
        withSpec({
          evictionStrategy: 'LiveMigrate',
          domain: domainWithDevices({ interfaces: [{ name: 'default', bridge: {} }] }),
        }),
        [['spec.evictionStrategy', 'FieldValueInvalid']],
      ],
      [
        'a bad nodeSelector value',
        withSpec({ nodeSelector: { zone: 'not valid!' } }),
        [['spec.nodeSelector.zone', 'FieldValueInvalid']],
      ],
      [
        'a bad nodeSelector key',
        withSpec({ nodeSelector: { 'a/b/c': 'x' } }),
        [['spec.nodeSelector', 'FieldValueInvalid']],
      ],
      [
        'an unknown toleration operator',
        withSpec({ tolerations: [{ key: 'k', operator: 'Like' }] }),
        [['spec.tolerations[0].operator', 'FieldValueNotSupported']],
      ],
      [
        'an unknown toleration effect',
        withSpec({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoRun' }] }),
        [['spec.tolerations[0].effect', 'FieldValueNotSupported']],
      ],
      [
        'a toleration with Exists and a value',
        withSpec({ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }),
        [['spec.tolerations[0].operator', 'FieldValueInvalid']],
      ],
      [
        'an invalid hostname',
        withSpec({ hostname: 'My_Host' }),
        [['spec.hostname', 'FieldValueInvalid']],
      ],
    ])('rejects %s', (_, spec, expected) => {
      expect(check(spec)).toEqual(expected);
    });

    it.each<[string, LooseVmiSpec]>([
      ['LiveMigrate with masquerade', withSpec({ evictionStrategy: 'LiveMigrate' })],
      [
        'LiveMigrateIfPossible with bridge',
        withSpec({
          evictionStrategy: 'LiveMigrateIfPossible',
          domain: domainWithDevices({ interfaces: [{ name: 'default', bridge: {} }] }),
        }),
      ],
      [
        'a node selector and tolerations',
        withSpec({
          nodeSelector: { 'kubernetes.io/hostname': 'node-1' },
          tolerations: [
            { key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 30 },
            { operator: 'Exists' },
          ],
        }),
      ],
      ['a grace period of 0', withSpec({ terminationGracePeriodSeconds: 0 })],
    ])('accepts %s', (_, spec) => {
      expect(check(spec)).toEqual([]);
    });
  });

  it('reports a malformed object instead of throwing', () => {
    const spec = withSpec({ volumes: 'not-a-list' as never });
    expect(check(spec)).toEqual([['spec', 'FieldValueInvalid']]);
  });
});

describe('validateVirtualMachineInstanceUpdate', () => {
  const operator = 'system:serviceaccount:podvisor:virt-controller';
  const old = deepFreeze(vmiWith(baseSpec()));
  const changedSpec = deepFreeze(vmiWith(withSpec({ terminationGracePeriodSeconds: 5 })));
  const update = (next: typeof old, username: string): Expected =>
    validateVirtualMachineInstanceUpdate({
      old,
      new: next,
      user: { username, groups: [] },
      operatorServiceAccounts: [operator],
    }).map((e) => [e.field, e.type]);

  it('forbids a user from changing the spec', () => {
    expect(update(changedSpec, 'alice')).toEqual([['spec', 'FieldValueForbidden']]);
  });

  it('lets an operator service account change the spec', () => {
    expect(update(changedSpec, operator)).toEqual([]);
  });

  it('lets a user change metadata and status', () => {
    const next = {
      ...old,
      metadata: { ...old.metadata, labels: { app: 'x' } },
      status: { phase: 'Running' },
    };
    expect(update(next as typeof old, 'alice')).toEqual([]);
  });

  it('forbids a user from changing reserved kubevirt.io labels', () => {
    const next = {
      ...old,
      metadata: { ...old.metadata, labels: { 'kubevirt.io/nodeName': 'n1' } },
    };
    expect(update(next as typeof old, 'alice')).toEqual([
      ['metadata.labels', 'FieldValueNotSupported'],
    ]);
  });
});
