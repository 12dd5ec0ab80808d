import { describe, expect, it } from 'vitest';
import {
  fromVirtualMachine,
  initialVmForm,
  memoryOfQuantity,
  toVirtualMachine,
  type VmFormState,
} from './vm-form-model.ts';

const form: VmFormState = { ...initialVmForm('apps'), name: 'tiny' };

function read(vm: unknown, previous: VmFormState = form): VmFormState {
  const result = fromVirtualMachine(vm, previous);
  if (!result.ok) throw new Error(result.problem.message);
  return result.form;
}

describe('toVirtualMachine', () => {
  it('builds the shape of deploy/examples/vm-tiny.yaml', () => {
    expect(toVirtualMachine(form)).toEqual({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'tiny', namespace: 'apps' },
      spec: {
        runStrategy: 'Always',
        template: {
          spec: {
            domain: {
              cpu: { cores: 1 },
              resources: { requests: { memory: '128Mi' } },
              devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] },
            },
            volumes: [{ name: 'rootdisk', containerDisk: { image: 'podvisor.local/tiny' } }],
          },
        },
      },
    });
  });

  it('adds a cloudInitNoCloud disk with the SSH key in the user data', () => {
    const vm = toVirtualMachine({ ...form, sshKey: 'ssh-ed25519 AAAAC3 me@host' });
    const spec = vm.spec.template.spec;
    expect(spec?.domain.devices.disks?.map((disk) => disk.name)).toEqual([
      'rootdisk',
      'cloudinitdisk',
    ]);
    expect(spec?.volumes?.[1]).toEqual({
      name: 'cloudinitdisk',
      cloudInitNoCloud: {
        userData: '#cloud-config\nssh_authorized_keys:\n  - ssh-ed25519 AAAAC3 me@host\n',
      },
    });
  });

  it.each([
    ['Always', true, 'Always'],
    ['Always', false, 'Halted'],
    ['RerunOnFailure', true, 'RerunOnFailure'],
    ['Manual', true, 'Manual'],
    ['Manual', false, 'Halted'],
    ['Halted', true, 'Halted'],
  ] as const)('maps run strategy %s with start now %s to %s', (runStrategy, startNow, expected) => {
    expect(toVirtualMachine({ ...form, runStrategy, startNow }).spec.runStrategy).toBe(expected);
  });

  it('keeps the fields of the base it does not know, and leaves the base unchanged', () => {
    const base = {
      metadata: { annotations: { team: 'a' } },
      spec: {
        template: {
          spec: {
            domain: { firmware: { bootloader: { efi: {} } }, devices: { disks: [] } },
            volumes: [
              { name: 'rootdisk', containerDisk: { image: 'x', imagePullPolicy: 'Never' } },
            ],
          },
        },
      },
    };
    const frozen = structuredClone(base);
    const vm = toVirtualMachine({ ...form, cores: '4' }, base) as unknown as typeof base;
    expect(vm.metadata.annotations).toEqual({ team: 'a' });
    expect(vm.spec.template.spec.domain.firmware).toEqual({ bootloader: { efi: {} } });
    expect(vm.spec.template.spec.volumes[0]).toEqual({
      name: 'rootdisk',
      containerDisk: { image: 'podvisor.local/tiny', imagePullPolicy: 'Never' },
    });
    expect(base).toEqual(frozen);
  });

  it('removes the cloud-init volume and disk when the user data is cleared, unless it holds more', () => {
    const withData = toVirtualMachine({ ...form, userData: '#cloud-config\n' });
    const cleared = toVirtualMachine(form, withData as never);
    expect(cleared.spec.template.spec?.volumes).toHaveLength(1);
    expect(cleared.spec.template.spec?.domain.devices.disks).toHaveLength(1);
    const secret = structuredClone(withData);
    const volume = secret.spec.template.spec?.volumes?.[1];
    if (volume?.cloudInitNoCloud) volume.cloudInitNoCloud.secretRef = { name: 's' };
    const kept = toVirtualMachine(form, secret as never);
    expect(kept.spec.template.spec?.volumes?.[1]).toEqual({
      name: 'cloudinitdisk',
      cloudInitNoCloud: { secretRef: { name: 's' } },
    });
  });
});

describe('fromVirtualMachine', () => {
  it.each<[string, Partial<VmFormState>]>([
    ['name', { name: 'other' }],
    ['namespace', { namespace: 'team-b' }],
    ['catalog image', { image: 'podvisor.local/debian' }],
    ['containerDisk reference', { image: 'quay.io/containerdisks/fedora:40' }],
    ['cores', { cores: '6' }],
    ['memory in Gi', { memory: '2', memoryUnit: 'Gi' }],
    ['user data', { userData: '#cloud-config\npackages: [htop]\n' }],
    ['SSH key', { sshKey: 'ssh-ed25519 AAAAC3 me@host' }],
    [
      'user data and SSH key',
      { userData: '#cloud-config\nusers: []\n', sshKey: 'ssh-rsa AAAAB3 x' },
    ],
    ['RerunOnFailure', { runStrategy: 'RerunOnFailure' }],
    ['not started', { startNow: false }],
    ['labels', { labels: 'app=web, tier=db' }],
  ])('reads back the %s the form wrote', (_what, change) => {
    const edited = { ...form, ...change };
    expect(read(toVirtualMachine(edited))).toEqual(edited);
  });

  it.each([
    ['134217728', '128', 'Mi'],
    ['1024Mi', '1024', 'Mi'],
    ['1Gi', '1', 'Gi'],
    ['2048Ki', '2', 'Mi'],
    ['1Ti', '1024', 'Gi'],
  ])('reads memory %s as %s %s', (quantity, memory, memoryUnit) => {
    expect(memoryOfQuantity(quantity)).toEqual({ memory, memoryUnit });
  });

  it('keeps the previous namespace when the YAML has none, and the strategy when it is Halted', () => {
    const vm = toVirtualMachine({ ...form, runStrategy: 'RerunOnFailure', startNow: false });
    delete (vm.metadata as { namespace?: string }).namespace;
    const back = read(vm, { ...form, namespace: 'kept', runStrategy: 'RerunOnFailure' });
    expect(back).toMatchObject({
      namespace: 'kept',
      runStrategy: 'RerunOnFailure',
      startNow: false,
    });
  });

  it.each([
    ['a list', [], [], 'the YAML must be a VirtualMachine object'],
    [
      'a Pod',
      { apiVersion: 'v1', kind: 'Pod' },
      ['kind'],
      'kind must be VirtualMachine, not "Pod"',
    ],
    [
      'an old version',
      { apiVersion: 'kubevirt.io/v1alpha3', kind: 'VirtualMachine' },
      ['apiVersion'],
      'apiVersion must be kubevirt.io/v1',
    ],
    [
      'memory in M',
      {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        spec: { template: { spec: { domain: { resources: { requests: { memory: '64M' } } } } } },
      },
      ['spec', 'template', 'spec', 'domain', 'resources', 'requests', 'memory'],
      'memory "64M" is not a whole number of Mi',
    ],
    [
      'run strategy Once',
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', spec: { runStrategy: 'Once' } },
      ['spec', 'runStrategy'],
      'runStrategy "Once" is not one the form offers',
    ],
  ])('refuses %s, naming the path', (_what, vm, path, message) => {
    const result = fromVirtualMachine(vm, form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.path).toEqual(path);
    expect(result.problem.message).toContain(message);
  });

  it('returns the whole object as the base, so unknown fields survive a form edit', () => {
    const vm = { ...toVirtualMachine(form), extra: { keep: true } };
    const result = fromVirtualMachine(vm, form);
    if (!result.ok) throw new Error(result.problem.message);
    const again = toVirtualMachine(
      { ...result.form, cores: '2' },
      result.base,
    ) as unknown as Record<string, unknown>;
    expect(again['extra']).toEqual({ keep: true });
  });
});
