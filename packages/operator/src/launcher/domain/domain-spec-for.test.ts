import type { Interface, VirtualMachineInstance } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { DomainConversionError } from './domain-conversion-error.ts';
import type { DomainInput } from './domain-input.ts';
import type { GuestAddress } from './libvirt-domain.ts';
import { domainSpecFor } from './domain-spec-for.ts';
import { testDisks, testDomainInput, testVmDir, testVmi } from './test-domain-input.ts';

type Vmi = VirtualMachineInstance;
type Patch = (vmi: Vmi, input: DomainInput) => DomainInput | undefined;

const kernel = {
  kind: 'kernel',
  kernel: '/images/tiny/vmlinuz',
  initrd: '/images/tiny/initrd.gz',
  cmdline: 'console=ttyS0 panic=-1',
} as const;

/** `domainSpecFor` of the test VMI after `patch` (which may edit the VMI and return a new input). */
function convert(patch: Patch) {
  const vmi = structuredClone(testVmi());
  const input = testDomainInput(vmi);
  return domainSpecFor(patch(vmi, input) ?? input);
}

/** A patch giving the VMI one interface on the pod network. */
function withInterface(iface: Interface): Patch {
  return (vmi) => {
    vmi.spec.domain.devices.interfaces = [iface];
    vmi.spec.networks = [{ name: iface.name, pod: {} }];
  };
}

function withTinyKernel(vmi: Vmi, input: DomainInput): DomainInput {
  vmi.spec.volumes = [{ name: 'rootdisk', containerDisk: { image: 'podvisor.local/tiny' } }];
  return { ...input, disks: { rootdisk: kernel } };
}

function withVolumes(vmi: Vmi, input: DomainInput, names: readonly string[]): DomainInput {
  vmi.spec.volumes = names.map((name) => ({ name, emptyDisk: { capacity: '1Gi' } }));
  const disks = Object.fromEntries(
    names.map((name) => [name, { kind: 'file', path: `/d/${name}.img`, format: 'raw' } as const]),
  );
  return { ...input, disks };
}

describe('domainSpecFor: domain basics', () => {
  it.each<[string, Patch, object]>([
    ['domain type qemu under TCG', () => undefined, { type: 'qemu' }],
    ['domain type kvm under KVM', (_v, i) => ({ ...i, accel: 'kvm' }), { type: 'kvm' }],
    ['name <namespace>_<name>', () => undefined, { name: 'ns1_vm1' }],
    [
      'uuid from the VMI uid, lower-cased',
      () => undefined,
      { uuid: '6a1b2c3d-0000-4000-8000-000000000001' },
    ],
    [
      'uuid from firmware.uuid first',
      (v) => void (v.spec.domain.firmware = { uuid: 'B5A2C3D4-1111-4222-8333-444455556666' }),
      { uuid: 'b5a2c3d4-1111-4222-8333-444455556666' },
    ],
    ['memory from resources.requests.memory', () => undefined, { memoryKiB: 131072 }],
    [
      'memory.guest before requests',
      (v) => void (v.spec.domain.memory = { guest: '1Gi' }),
      { memoryKiB: 1048576 },
    ],
    [
      'memory from limits when nothing else',
      (v) => void (v.spec.domain.resources = { limits: { memory: '256M' } }),
      { memoryKiB: 250000 },
    ],
    [
      'memory in decimal units rounded up to KiB',
      (v) => void (v.spec.domain.memory = { guest: '1G' }),
      { memoryKiB: 976563 },
    ],
    [
      'memory as plain bytes',
      (v) => void (v.spec.domain.memory = { guest: 67108864 }),
      { memoryKiB: 65536 },
    ],
    [
      'one vCPU by default',
      () => undefined,
      { vcpu: { count: 1, sockets: 1, cores: 1, threads: 1 } },
    ],
    [
      'vCPUs from sockets × cores × threads',
      (v) => void (v.spec.domain.cpu = { sockets: 2, cores: 2, threads: 2 }),
      { vcpu: { count: 8, sockets: 2, cores: 2, threads: 2 } },
    ],
    [
      'unset topology parts default to 1',
      (v) => void (v.spec.domain.cpu = { cores: 3 }),
      { vcpu: { count: 3, sockets: 1, cores: 3, threads: 1 } },
    ],
    [
      'vCPUs from resources.limits.cpu without a topology',
      (v) =>
        void (v.spec.domain.resources = {
          requests: { memory: '128Mi', cpu: '1' },
          limits: { cpu: '2' },
        }),
      { vcpu: { count: 2, sockets: 2, cores: 1, threads: 1 } },
    ],
    [
      'vCPUs from requests.cpu rounded up',
      (v) => void (v.spec.domain.resources = { requests: { memory: '128Mi', cpu: '1500m' } }),
      { vcpu: { count: 2, sockets: 2 } },
    ],
    ['machine q35 by default, versioned', () => undefined, { machine: 'pc-q35-7.2' }],
    [
      'machine alias q35 versioned',
      (v) => void (v.spec.domain.machine = { type: 'q35' }),
      { machine: 'pc-q35-7.2' },
    ],
    [
      'machine alias pc versioned',
      (v) => void (v.spec.domain.machine = { type: 'pc' }),
      { machine: 'pc-i440fx-7.2' },
    ],
    [
      'explicit versioned machine kept',
      (v) => void (v.spec.domain.machine = { type: 'pc-q35-7.1' }),
      { machine: 'pc-q35-7.1' },
    ],
    ['qemu64 under TCG', () => undefined, { cpu: { mode: 'custom', model: 'qemu64' } }],
    [
      'qemu64 under TCG even when host-model is asked',
      (v) => void (v.spec.domain.cpu = { model: 'host-model' }),
      { cpu: { mode: 'custom', model: 'qemu64' } },
    ],
    [
      'qemu64 under KVM by default',
      (_v, i) => ({ ...i, accel: 'kvm' }),
      { cpu: { mode: 'custom', model: 'qemu64' } },
    ],
    [
      'host-model under KVM when asked',
      (v, i) => ((v.spec.domain.cpu = { model: 'host-model' }), { ...i, accel: 'kvm' }),
      { cpu: { mode: 'host-model' } },
    ],
    [
      'host-passthrough under KVM when asked',
      (v, i) => ((v.spec.domain.cpu = { model: 'host-passthrough' }), { ...i, accel: 'kvm' }),
      { cpu: { mode: 'host-passthrough' } },
    ],
    [
      'a named model under KVM',
      (v, i) => ((v.spec.domain.cpu = { model: 'Skylake-Client' }), { ...i, accel: 'kvm' }),
      { cpu: { mode: 'custom', model: 'Skylake-Client' } },
    ],
    ['ACPI on, APIC off by default', () => undefined, { features: { acpi: true, apic: false } }],
    [
      'ACPI off, APIC and SMM as asked',
      (v) =>
        void (v.spec.domain.features = {
          acpi: { enabled: false },
          apic: {},
          smm: { enabled: false },
        }),
      { features: { acpi: false, apic: true, smm: false } },
    ],
    [
      'firmware.serial as the SMBIOS serial',
      (v) => void (v.spec.domain.firmware = { serial: 'S-123' }),
      { smbiosSerial: 'S-123' },
    ],
    ['a panic device always', () => undefined, { panic: true }],
    ['memballoon none by default', () => undefined, { memBalloon: false }],
    [
      'memballoon when autoattachMemBalloon',
      (v) => void (v.spec.domain.devices.autoattachMemBalloon = true),
      { memBalloon: true },
    ],
    [
      'the guest-agent channel socket',
      () => undefined,
      { guestAgentSocket: `${testVmDir}/qga.sock` },
    ],
  ])('%s', (_name, patch, expected) => {
    expect(convert(patch)).toMatchObject(expected);
  });

  it('has no uuid when neither firmware.uuid nor a UUID-shaped uid is set', () => {
    expect(convert((v) => void (v.metadata.uid = 'not-a-uuid'))).not.toHaveProperty('uuid');
  });
});

describe('domainSpecFor: kernel boot', () => {
  it('boots a disk volume that resolved to a kernel, with its default command line, and makes no disk of it', () => {
    const domain = convert(withTinyKernel);
    expect(domain.kernelBoot).toEqual({
      kernel: kernel.kernel,
      initrd: kernel.initrd,
      cmdline: kernel.cmdline,
    });
    expect(domain.disks).toEqual([]);
  });

  it('replaces the command line with firmware.kernelBoot.kernelArgs', () => {
    const domain = convert((v, i) => {
      v.spec.domain.firmware = { kernelBoot: { kernelArgs: 'console=ttyS0 quiet' } };
      return withTinyKernel(v, i);
    });
    expect(domain.kernelBoot?.cmdline).toBe('console=ttyS0 quiet');
  });

  it('boots firmware.kernelBoot.container from its resolved kernel, keeping the disks', () => {
    const domain = convert((v, i) => {
      v.spec.domain.firmware = { kernelBoot: { container: { image: 'podvisor.local/tiny' } } };
      return { ...i, kernelBoot: { kind: 'kernel', kernel: '/k/vmlinuz' } };
    });
    expect(domain.kernelBoot).toEqual({ kernel: '/k/vmlinuz' });
    expect(domain.disks.map((disk) => disk.target)).toEqual(['vda']);
  });

  it('boots the boot files a catalog disk carries, when no kernelBoot is asked for', () => {
    const domain = convert((_v, i) => ({
      ...i,
      kernelBoot: {
        kind: 'kernel',
        kernel: '/d/vmlinuz',
        initrd: '/d/initrd.img',
        cmdline: 'root=LABEL=x',
      },
    }));
    expect(domain.kernelBoot).toEqual({
      kernel: '/d/vmlinuz',
      initrd: '/d/initrd.img',
      cmdline: 'root=LABEL=x',
    });
    expect(domain.disks.map((disk) => disk.target)).toEqual(['vda']);
  });

  it('has no kernel boot for a disk image', () => {
    expect(convert(() => undefined)).not.toHaveProperty('kernelBoot');
  });
});

describe('domainSpecFor: disks', () => {
  it('references the resolved overlay as a qcow2 virtio disk with a user alias', () => {
    expect(convert(() => undefined).disks).toEqual([
      {
        alias: 'ua-rootdisk',
        device: 'disk',
        source: testDisks.rootdisk?.kind === 'file' ? testDisks.rootdisk.path : '',
        format: 'qcow2',
        target: 'vda',
        bus: 'virtio',
        readonly: false,
      },
    ]);
  });

  it('names virtio disks vd* and sata, scsi and usb disks sd* from one sequence', () => {
    const domain = convert((v, i) => {
      v.spec.domain.devices.disks = [
        { name: 'a', disk: {} },
        { name: 'b', disk: { bus: 'sata' } },
        { name: 'c', disk: { bus: 'virtio' } },
        { name: 'd', disk: { bus: 'scsi' } },
        { name: 'e', disk: { bus: 'usb' } },
      ];
      return withVolumes(v, i, ['a', 'b', 'c', 'd', 'e']);
    });
    expect(domain.disks.map((disk) => `${disk.alias}:${disk.target}:${disk.bus}`)).toEqual([
      'ua-a:vda:virtio',
      'ua-b:sda:sata',
      'ua-c:vdb:virtio',
      'ua-d:sdb:scsi',
      'ua-e:sdc:usb',
    ]);
    expect(domain.controllers).toEqual([
      { type: 'usb', model: 'qemu-xhci' },
      { type: 'scsi', model: 'virtio-scsi' },
    ]);
  });

  it.each<[string, Patch, object]>([
    [
      'boot order',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', bootOrder: 1 }]),
      { bootOrder: 1 },
    ],
    [
      'readonly from the spec',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', disk: { readonly: true } }]),
      { readonly: true },
    ],
    [
      'readonly from the resolved file',
      (_v, i) => ({
        ...i,
        disks: { rootdisk: { kind: 'file', path: '/p.img', format: 'raw', readonly: true } },
      }),
      { readonly: true, format: 'raw', source: '/p.img' },
    ],
    [
      'a serial number',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', serial: 'ABC-1 x' }]),
      { serial: 'ABC-1 x' },
    ],
    [
      'cache and io',
      (v) =>
        void (v.spec.domain.devices.disks = [{ name: 'rootdisk', cache: 'none', io: 'native' }]),
      { cache: 'none', io: 'native' },
    ],
    [
      'io default left to QEMU',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', io: 'default' }]),
      { alias: 'ua-rootdisk' },
    ],
    [
      'an ISO as a read-only sata cdrom',
      (v, i) => {
        v.spec.domain.devices.disks = [{ name: 'rootdisk', cdrom: {} }];
        return { ...i, disks: { rootdisk: { kind: 'iso', path: '/ci/noCloud.iso' } } };
      },
      {
        device: 'cdrom',
        bus: 'sata',
        readonly: true,
        format: 'raw',
        target: 'sda',
        source: '/ci/noCloud.iso',
      },
    ],
    [
      'an ISO on a virtio disk (cloudinitdisk as KubeVirt manifests declare it)',
      (_v, i) => ({ ...i, disks: { rootdisk: { kind: 'iso', path: '/ci/noCloud.iso' } } }),
      { device: 'disk', bus: 'virtio', readonly: false, format: 'raw', target: 'vda' },
    ],
    [
      'a scsi cdrom',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', cdrom: { bus: 'scsi' } }]),
      { device: 'cdrom', bus: 'scsi', target: 'sda' },
    ],
  ])('%s', (_name, patch, expected) => {
    const disk = convert(patch).disks[0];
    expect(disk).toMatchObject(expected);
    if (!('io' in expected)) expect(disk).not.toHaveProperty('io');
  });

  it('adds a virtio disk for a volume no disk names', () => {
    const domain = convert((v, i) => {
      v.spec.volumes?.push({ name: 'cloudinit', cloudInitNoCloud: { userData: '#cloud-config' } });
      return { ...i, disks: { ...i.disks, cloudinit: { kind: 'iso', path: '/ci.iso' } } };
    });
    expect(domain.disks.map((disk) => [disk.alias, disk.target])).toEqual([
      ['ua-rootdisk', 'vda'],
      ['ua-cloudinit', 'vdb'],
    ]);
  });

  it('uses no USB or SCSI controller when no device needs one', () => {
    const domain = convert((v) => void (v.spec.domain.devices.autoattachGraphicsDevice = false));
    expect(domain.controllers).toEqual([{ type: 'usb', model: 'none' }]);
  });
});

describe('domainSpecFor: the pod network interface', () => {
  const podInterface =
    (ports?: { port: number; protocol?: 'TCP' | 'UDP' }[]): Patch =>
    (v) => {
      v.spec.domain.devices.interfaces = [
        { name: 'default', masquerade: {}, ...(ports ? { ports } : {}) },
      ];
      v.spec.networks = [{ name: 'default', pod: {} }];
    };

  it.each<[string, Patch, object[]]>([
    [
      'a default pod interface with passt forwarding every port when the spec has none',
      () => undefined,
      [
        {
          alias: 'ua-default',
          backend: 'passt',
          model: 'virtio',
          portForwards: [
            { proto: 'tcp', address: '10.244.0.7', ports: [] },
            { proto: 'udp', address: '10.244.0.7', ports: [] },
          ],
        },
      ],
    ],
    [
      'declared ports grouped by protocol, from the pod IP',
      podInterface([
        { port: 80 },
        { port: 22, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
        { port: 80 },
      ]),
      [
        {
          portForwards: [
            { proto: 'tcp', address: '10.244.0.7', ports: [80, 22] },
            { proto: 'udp', address: '10.244.0.7', ports: [53] },
          ],
        },
      ],
    ],
    [
      'slirp forwards only declared ports',
      (v, i) => (podInterface()(v, i), { ...i, network: { backend: 'slirp' } }),
      [{ backend: 'slirp', portForwards: [] }],
    ],
    [
      'no address when the pod IP is unknown',
      (v, i) => (podInterface([{ port: 80 }])(v, i), { ...i, network: { backend: 'slirp' } }),
      [{ portForwards: [{ proto: 'tcp', ports: [80] }] }],
    ],
    [
      'passt-socket names the launcher’s socket',
      (_v, i) => ({
        ...i,
        network: { backend: 'passt-socket', socket: '/vm/passt.sock', ip: '10.0.0.2' },
      }),
      [{ backend: 'passt-socket', passtSocket: '/vm/passt.sock' }],
    ],
    [
      'MAC address normalised, model and boot order',
      (v) => {
        v.spec.domain.devices.interfaces = [
          {
            name: 'net0',
            bridge: {},
            macAddress: '02-AB-cd-00-00-01',
            model: 'e1000',
            bootOrder: 2,
          },
        ];
        v.spec.networks = [{ name: 'net0', pod: {} }];
      },
      [{ alias: 'ua-net0', mac: '02:ab:cd:00:00:01', model: 'e1000', bootOrder: 2 }],
    ],
  ])('%s', (_name, patch, expected) => {
    expect(convert(patch).interfaces).toMatchObject(expected);
  });

  const passtSocket: Patch = (_v, i) => ({
    ...i,
    network: { backend: 'passt-socket', socket: '/vm/passt.sock', ip: '10.244.0.7' },
  });
  const withPasstSocket =
    (patch: Patch): Patch =>
    (v, i) =>
      passtSocket(v, patch(v, i) ?? i);
  const masquerade: GuestAddress = { address: '10.0.2.2', prefixLength: 24, gateway: '10.0.2.1' };

  it.each<[string, Patch, GuestAddress | undefined]>([
    ['the default interface (no spec) is masquerade', passtSocket, masquerade],
    ['a masquerade interface', withPasstSocket(podInterface()), masquerade],
    [
      'a masquerade interface in its network’s vmNetworkCIDR',
      withPasstSocket((v) => {
        v.spec.domain.devices.interfaces = [{ name: 'default', masquerade: {} }];
        v.spec.networks = [{ name: 'default', pod: { vmNetworkCIDR: '192.168.77.0/26' } }];
      }),
      { address: '192.168.77.2', prefixLength: 26, gateway: '192.168.77.1' },
    ],
    [
      'a bridge interface (the guest keeps the pod IP)',
      withPasstSocket(withInterface({ name: 'default', bridge: {} })),
      undefined,
    ],
    [
      'a passtBinding interface (the guest keeps the pod IP)',
      withPasstSocket(withInterface({ name: 'default', passtBinding: {} })),
      undefined,
    ],
    ['a masquerade interface on libvirt-run passt (no way to set it)', podInterface(), undefined],
    [
      'a masquerade interface on slirp (its own 10.0.2.15)',
      (v, i) => (podInterface()(v, i), { ...i, network: { backend: 'slirp' } }),
      undefined,
    ],
  ])('the guest’s fixed address: %s', (_name, patch, expected) => {
    const [nic] = convert(patch).interfaces;
    if (expected === undefined) expect(nic).not.toHaveProperty('guestAddress');
    else expect(nic?.guestAddress).toEqual(expected);
  });

  it('has no interface when autoattachPodInterface is false', () => {
    expect(
      convert((v) => void (v.spec.domain.devices.autoattachPodInterface = false)).interfaces,
    ).toEqual([]);
  });
});

describe('domainSpecFor: consoles and inputs', () => {
  it('puts the serial console on the socket with a log, VNC and SPICE on sockets, vga and a USB tablet by default', () => {
    const domain = convert(() => undefined);
    expect(domain.serialConsole).toEqual({
      socket: `${testVmDir}/serial.sock`,
      logFile: `${testVmDir}/serial.log`,
    });
    expect(domain.graphics).toEqual({
      vncSocket: `${testVmDir}/vnc.sock`,
      spiceSocket: `${testVmDir}/spice.sock`,
      video: 'vga',
    });
    expect(domain.inputs).toEqual([{ type: 'tablet', bus: 'usb' }]);
    expect(domain.controllers).toEqual([{ type: 'usb', model: 'qemu-xhci' }]);
  });

  it.each<[string, Patch, (d: ReturnType<typeof domainSpecFor>) => unknown, unknown]>([
    [
      'no serial console when autoattachSerialConsole is false',
      (v) => void (v.spec.domain.devices.autoattachSerialConsole = false),
      (d) => d.serialConsole,
      undefined,
    ],
    [
      'no serial log when logSerialConsole is false',
      (v) => void (v.spec.domain.devices.logSerialConsole = false),
      (d) => d.serialConsole,
      { socket: `${testVmDir}/serial.sock` },
    ],
    [
      'no graphics when autoattachGraphicsDevice is false',
      (v) => void (v.spec.domain.devices.autoattachGraphicsDevice = false),
      (d) => [d.graphics, d.inputs],
      [undefined, []],
    ],
    [
      'video.type chosen by the spec',
      (v) => void (v.spec.domain.devices.video = { type: 'virtio' }),
      (d) => d.graphics?.video,
      'virtio',
    ],
    [
      'spec inputs kept, the default tablet not doubled',
      (v) =>
        void (v.spec.domain.devices.inputs = [
          { name: 'kbd', type: 'keyboard', bus: 'virtio' },
          { name: 'tab', type: 'tablet' },
        ]),
      (d) => d.inputs,
      [
        { type: 'keyboard', bus: 'virtio', alias: 'ua-kbd' },
        { type: 'tablet', bus: 'usb', alias: 'ua-tab' },
      ],
    ],
  ])('%s', (_name, patch, pick, expected) => {
    expect(pick(convert(patch))).toEqual(expected);
  });
});

describe('domainSpecFor: errors name the field', () => {
  /** A value the generated types would not allow (as an unvalidated object could hold). */
  const bad = (value: unknown): never => value as never;
  it.each<[string, Patch, string, RegExp]>([
    [
      'a disk without a volume',
      (v) => void v.spec.domain.devices.disks?.push({ name: 'nope' }),
      'spec.domain.devices.disks[1].name',
      /'nope' not found\./,
    ],
    [
      'a volume the launcher did not resolve',
      (_v, i) => ({ ...i, disks: {} }),
      'spec.domain.devices.disks[0].name',
      /volume 'rootdisk' was not prepared/,
    ],
    [
      'a duplicate disk name',
      (v) => void v.spec.domain.devices.disks?.push({ name: 'rootdisk' }),
      'spec.domain.devices.disks[1].name',
      /used by another disk/,
    ],
    [
      'unparseable memory',
      (v) => void (v.spec.domain.resources = { requests: { memory: '12Qi' } }),
      'spec.domain.resources.requests.memory',
      /'12Qi' is not a valid quantity/,
    ],
    [
      'zero memory',
      (v) => void (v.spec.domain.memory = { guest: '0' }),
      'spec.domain.memory.guest',
      /above zero/,
    ],
    [
      'too little memory',
      (v) => void (v.spec.domain.memory = { guest: '1Mi' }),
      'spec.domain.memory.guest',
      /at least 16Mi/,
    ],
    [
      'impossible memory',
      (v) => void (v.spec.domain.memory = { guest: '1e30' }),
      'spec.domain.memory.guest',
      /too large/,
    ],
    [
      'no memory at all',
      (v) => {
        delete v.spec.domain.resources;
      },
      'spec.domain.resources.requests.memory',
      /guest memory is required/,
    ],
    [
      'zero cores',
      (v) => void (v.spec.domain.cpu = { cores: 0 }),
      'spec.domain.cpu.cores',
      /positive integer/,
    ],
    [
      'too many vCPUs',
      (v) => void (v.spec.domain.cpu = { sockets: 16, cores: 16, threads: 2 }),
      'spec.domain.cpu',
      /512 vCPUs/,
    ],
    [
      'bad CPU limits',
      (v) =>
        void (v.spec.domain.resources = { requests: { memory: '1Gi' }, limits: { cpu: 'two' } }),
      'spec.domain.resources.limits.cpu',
      /not a valid quantity/,
    ],
    [
      'a bad machine type',
      (v) => void (v.spec.domain.machine = { type: 'pc q35' }),
      'spec.domain.machine.type',
      /not a machine type/,
    ],
    [
      'a bad CPU model under KVM',
      (v, i) => ((v.spec.domain.cpu = { model: 'x y' }), { ...i, accel: 'kvm' }),
      'spec.domain.cpu.model',
      /not a CPU model/,
    ],
    [
      'a LUN disk',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', lun: {} }]),
      'spec.domain.devices.disks[0].lun',
      /not supported/,
    ],
    [
      'a virtio cdrom',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', cdrom: { bus: 'virtio' } }]),
      'spec.domain.devices.disks[0].cdrom.bus',
      /invalid for a CD-ROM/,
    ],
    [
      'an unknown bus',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', disk: { bus: bad('ide') } }]),
      'spec.domain.devices.disks[0].disk.bus',
      /bus 'ide' is not supported/,
    ],
    [
      'native I/O with a cache',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', io: 'native' }]),
      'spec.domain.devices.disks[0].io',
      /cache 'none'/,
    ],
    [
      'a bad disk serial',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', serial: 'a/b' }]),
      'spec.domain.devices.disks[0].serial',
      /may only contain/,
    ],
    [
      'a zero boot order',
      (v) => void (v.spec.domain.devices.disks = [{ name: 'rootdisk', bootOrder: 0 }]),
      'spec.domain.devices.disks[0].bootOrder',
      /positive integer/,
    ],
    [
      'a boot order used twice',
      (v) => {
        v.spec.domain.devices.disks = [{ name: 'rootdisk', bootOrder: 1 }];
        v.spec.domain.devices.interfaces = [{ name: 'default', bootOrder: 1 }];
        v.spec.networks = [{ name: 'default', pod: {} }];
      },
      'spec.domain.devices',
      /boot order 1 is used by both 'rootdisk' and 'default'/,
    ],
    [
      'two kernel volumes',
      (v, i) => {
        v.spec.domain.devices.disks = [{ name: 'a' }, { name: 'b' }];
        v.spec.volumes = [{ name: 'a' }, { name: 'b' }];
        return { ...i, disks: { a: kernel, b: kernel } };
      },
      'spec.domain.devices.disks[1].name',
      /second kernel image/,
    ],
    [
      'an unresolved kernelBoot container',
      (v) => void (v.spec.domain.firmware = { kernelBoot: { container: { image: 'x' } } }),
      'spec.domain.firmware.kernelBoot.container.image',
      /not resolved/,
    ],
    [
      'a kernelBoot container and a kernel volume',
      (v, i) => (
        (v.spec.domain.firmware = { kernelBoot: { container: { image: 'x' } } }),
        { ...withTinyKernel(v, i), kernelBoot: kernel }
      ),
      'spec.domain.devices.disks[0].name',
      /conflicts with spec\.domain\.firmware\.kernelBoot\.container/,
    ],
    [
      'kernelArgs without a kernel',
      (v) => void (v.spec.domain.firmware = { kernelBoot: { kernelArgs: 'quiet' } }),
      'spec.domain.firmware.kernelBoot.kernelArgs',
      /no kernel/,
    ],
    [
      'kernelArgs with a control character',
      (v, i) => (
        (v.spec.domain.firmware = { kernelBoot: { kernelArgs: 'a\u0000b' } }),
        withTinyKernel(v, i)
      ),
      'spec.domain.firmware.kernelBoot.kernelArgs',
      /control characters/,
    ],
    [
      'an interface without a network',
      (v) => {
        v.spec.domain.devices.interfaces = [{ name: 'x' }];
        v.spec.networks = [{ name: 'y', pod: {} }];
      },
      'spec.domain.devices.interfaces[0].name',
      /'x' not found\./,
    ],
    [
      'a non-pod network',
      (v) => {
        v.spec.domain.devices.interfaces = [{ name: 'm' }];
        v.spec.networks = [bad({ name: 'm', multus: { networkName: 'n' } })];
      },
      'spec.domain.devices.interfaces[0].name',
      /only the pod network is supported/,
    ],
    [
      'a second interface',
      (v) => {
        v.spec.domain.devices.interfaces = [{ name: 'a' }, { name: 'b' }];
        v.spec.networks = [
          { name: 'a', pod: {} },
          { name: 'b', pod: {} },
        ];
      },
      'spec.domain.devices.interfaces[1]',
      /only one interface/,
    ],
    [
      'an unknown NIC model',
      withInterface({ name: 'default', model: 'vmxnet3' }),
      'spec.domain.devices.interfaces[0].model',
      /not supported/,
    ],
    [
      'a malformed MAC',
      withInterface({ name: 'default', macAddress: '02:00:00' }),
      'spec.domain.devices.interfaces[0].macAddress',
      /not a MAC address/,
    ],
    [
      'a multicast MAC',
      withInterface({ name: 'default', macAddress: '01:00:5e:00:00:01' }),
      'spec.domain.devices.interfaces[0].macAddress',
      /multicast/,
    ],
    [
      'port 0',
      withInterface({ name: 'default', ports: [{ port: 0 }] }),
      'spec.domain.devices.interfaces[0].ports[0].port',
      /not a port number/,
    ],
    [
      'an SCTP port',
      withInterface({ name: 'default', ports: [{ port: 9, protocol: bad('SCTP') }] }),
      'spec.domain.devices.interfaces[0].ports[0].protocol',
      /'SCTP' is not supported/,
    ],
    [
      'a bad pod IP',
      (_v, i) => ({ ...i, network: { backend: 'passt', ip: '10.0.0.999' } }),
      'podIP',
      /not an IP address/,
    ],
    [
      'a masquerade vmNetworkCIDR that is not IPv4 (checked whatever the backend)',
      (v) => {
        v.spec.domain.devices.interfaces = [{ name: 'default', masquerade: {} }];
        v.spec.networks = [{ name: 'default', pod: { vmNetworkCIDR: 'fd10:0:2::/120' } }];
      },
      'spec.networks[0].pod.vmNetworkCIDR',
      /'fd10:0:2::\/120' is not an IPv4 CIDR/,
    ],
    [
      'a masquerade vmNetworkCIDR without room for a guest',
      (v) => {
        v.spec.domain.devices.interfaces = [{ name: 'net0', masquerade: {} }];
        v.spec.networks = [
          bad({ name: 'other', multus: { networkName: 'n' } }),
          { name: 'net0', pod: { vmNetworkCIDR: '10.0.2.0/31' } },
        ];
      },
      'spec.networks[1].pod.vmNetworkCIDR',
      /prefix must be 30 or less/,
    ],
    [
      'a relative passt socket',
      (_v, i) => ({ ...i, network: { backend: 'passt-socket', socket: 'passt.sock' } }),
      'network.socket',
      /not an absolute path/,
    ],
    [
      'a malformed firmware.uuid',
      (v) => void (v.spec.domain.firmware = { uuid: '1234' }),
      'spec.domain.firmware.uuid',
      /not a UUID/,
    ],
    [
      'EFI firmware',
      (v) => void (v.spec.domain.firmware = { bootloader: { efi: {} } }),
      'spec.domain.firmware.bootloader.efi',
      /not supported/,
    ],
    [
      'a firmware serial with a newline',
      (v) => void (v.spec.domain.firmware = { serial: 'a\nb' }),
      'spec.domain.firmware.serial',
      /control characters/,
    ],
    [
      'no name',
      (v) => {
        delete v.metadata.name;
      },
      'metadata.name',
      /is required/,
    ],
    [
      'no namespace',
      (v) => {
        delete v.metadata.namespace;
      },
      'metadata.namespace',
      /is required/,
    ],
    [
      'an unknown video type',
      (v) => void (v.spec.domain.devices.video = { type: 'ramfb' }),
      'spec.domain.devices.video.type',
      /not supported/,
    ],
    [
      'an unknown input type',
      (v) => void (v.spec.domain.devices.inputs = [{ name: 'j', type: bad('joystick') }]),
      'spec.domain.devices.inputs[0].type',
      /not supported/,
    ],
    [
      'an input name libvirt cannot alias',
      (v) => void (v.spec.domain.devices.inputs = [{ name: 'a b', type: 'tablet' }]),
      'spec.domain.devices.inputs[0].name',
      /may only contain/,
    ],
    [
      'a relative launcher path',
      (_v, i) => ({ ...i, paths: { ...i.paths, serialSocket: 'serial.sock' } }),
      'paths.serialSocket',
      /not an absolute path/,
    ],
  ])('rejects %s', (_name, patch, field, message) => {
    const error = (() => {
      try {
        convert(patch);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DomainConversionError);
    expect(error).toMatchObject({ field, message: expect.stringMatching(message) as unknown });
    expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
  });
});
