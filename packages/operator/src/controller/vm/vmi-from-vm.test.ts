import { describe, expect, it } from 'vitest';
import { testVm, testVmi } from './vm-test-objects.ts';
import { isControlledBy, vmiFromVm } from './vmi-from-vm.ts';

describe('vmiFromVm', () => {
  it('names the VMI after the VM, with the template, owner, finalizer, label and generation', () => {
    const vmi = vmiFromVm(testVm({ runStrategy: 'Always' }), { paused: false });
    expect(vmi).toEqual({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: {
        name: 'vm1',
        namespace: 'ns',
        labels: { app: 'web', 'vm.kubevirt.io/name': 'vm1' },
        annotations: { note: 'hi', 'kubevirt.io/vm-generation': '2' },
        ownerReferences: [
          {
            apiVersion: 'kubevirt.io/v1',
            kind: 'VirtualMachine',
            name: 'vm1',
            uid: 'vm-uid',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        finalizers: ['kubevirt.io/virtualMachineControllerFinalize'],
      },
      spec: { domain: { devices: {} } },
    });
  });

  it('starts paused when asked', () => {
    expect(vmiFromVm(testVm(), { paused: true }).spec.startStrategy).toBe('Paused');
  });

  it('does not share the template with the VM', () => {
    const vm = testVm();
    const vmi = vmiFromVm(vm, { paused: true });
    expect(vm.spec.template.spec?.startStrategy).toBeUndefined();
    expect(vmi.spec).not.toBe(vm.spec.template.spec);
  });
});

describe('isControlledBy', () => {
  it('accepts a VMI whose controller reference has the VM’s UID', () => {
    expect(isControlledBy(testVmi(), testVm())).toBe(true);
  });

  it('rejects a VMI of an earlier VM of the same name', () => {
    const vm = testVm();
    vm.metadata.uid = 'new-vm-uid';
    expect(isControlledBy(testVmi(), vm)).toBe(false);
  });
});
