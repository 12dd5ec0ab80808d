import { describe, expect, it } from 'vitest';
import { defaultClusterConfig } from '../cluster-config.ts';
import type { VirtualMachine } from '../generated/kubevirt-types.ts';
import { deepFreeze, vmWith } from '../validation/test-fixtures.ts';
import { validateVirtualMachine } from '../validation/validate-virtual-machine.ts';
import { defaultVirtualMachine } from './default-virtual-machine.ts';

/** The VM from KubeVirt's user guide, as a user writes it. */
const userGuideVm: VirtualMachine = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'testvm', namespace: 'default' },
  spec: {
    runStrategy: 'Always',
    template: {
      metadata: { labels: { 'kubevirt.io/size': 'small', 'kubevirt.io/domain': 'testvm' } },
      spec: {
        domain: {
          devices: {
            disks: [
              { name: 'containerdisk', disk: { bus: 'virtio' } },
              { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
            ],
            interfaces: [{ name: 'default', masquerade: {} }],
          },
          resources: { requests: { memory: '1024M' } },
        },
        networks: [{ name: 'default', pod: {} }],
        volumes: [
          {
            name: 'containerdisk',
            containerDisk: { image: 'quay.io/kubevirt/cirros-container-disk-demo' },
          },
          { name: 'cloudinitdisk', cloudInitNoCloud: { userDataBase64: 'SGkuXG4=' } },
        ],
      },
    },
  },
};

describe('defaultVirtualMachine', () => {
  it('gives the user-guide VM the expected defaults', () => {
    const vm = defaultVirtualMachine(
      deepFreeze(structuredClone(userGuideVm)),
      defaultClusterConfig,
    );
    const spec = vm.spec.template.spec ?? { domain: { devices: {} } };
    expect(spec.domain).toEqual({
      machine: { type: 'q35' },
      cpu: { sockets: 1, cores: 1, threads: 1 },
      memory: { guest: '1024M' },
      resources: { requests: { memory: '1024M', cpu: '100m' } },
      devices: {
        disks: [
          { name: 'containerdisk', disk: { bus: 'virtio' } },
          { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
        ],
        interfaces: [{ name: 'default', masquerade: {}, model: 'virtio' }],
      },
    });
    expect(spec.volumes?.[0]?.containerDisk?.imagePullPolicy).toBe('Always');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(vm.spec.runStrategy).toBe('Always');
    expect(vm.metadata).toEqual(userGuideVm.metadata);
  });

  it('leaves the user-guide VM valid before and after defaulting', () => {
    const defaulted = defaultVirtualMachine(
      deepFreeze(structuredClone(userGuideVm)),
      defaultClusterConfig,
    );
    expect(validateVirtualMachine(userGuideVm, defaultClusterConfig)).toEqual([]);
    expect(validateVirtualMachine(defaulted, defaultClusterConfig)).toEqual([]);
  });

  it('is idempotent', () => {
    const once = defaultVirtualMachine(
      deepFreeze(structuredClone(userGuideVm)),
      defaultClusterConfig,
    );
    expect(defaultVirtualMachine(deepFreeze(once), defaultClusterConfig)).toEqual(once);
  });

  it('does not change its input', () => {
    const input = deepFreeze(structuredClone(userGuideVm));
    defaultVirtualMachine(input, defaultClusterConfig);
    expect(input).toEqual(userGuideVm);
  });

  it.each([
    ['running: true', { running: true }],
    ['running: false', { running: false }],
    ['neither running nor runStrategy', {}],
  ])('leaves %s as it is', (_, fields) => {
    const vm = vmWith({ ...fields, template: { spec: { domain: { devices: {} } } } });
    const result = defaultVirtualMachine(deepFreeze(vm), defaultClusterConfig) as unknown as {
      spec: Record<string, unknown>;
    };
    expect([result.spec.running, result.spec.runStrategy]).toEqual([
      (fields as { running?: boolean }).running,
      undefined,
    ]);
  });

  it('leaves a VM without a template for validation to reject', () => {
    const vm = deepFreeze(vmWith({ runStrategy: 'Always' }));
    expect(defaultVirtualMachine(vm, defaultClusterConfig)).toEqual(vm);
  });
});
