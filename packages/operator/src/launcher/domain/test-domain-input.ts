import type { VirtualMachineInstance } from '@podvisor/api';
import type { DomainInput, ResolvedDisks } from './domain-input.ts';
import { launcherPathsIn } from './launcher-paths.ts';

/** The per-VM directory the test inputs use. */
export const testVmDir = '/run/podvisor/vms/ns1_vm1';

/** A minimal defaulted VMI (128Mi, one containerDisk resolved to a qcow2 overlay), for tests. */
export function testVmi(): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm1', namespace: 'ns1', uid: '6A1B2C3D-0000-4000-8000-000000000001' },
    spec: {
      domain: {
        devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] },
        resources: { requests: { memory: '128Mi' } },
      },
      volumes: [{ name: 'rootdisk', containerDisk: { image: 'podvisor.local/debian' } }],
    },
  };
}

/** Resolved volumes matching `testVmi()`. */
export const testDisks: ResolvedDisks = {
  rootdisk: { kind: 'file', path: `${testVmDir}/rootdisk.qcow2`, format: 'qcow2' },
};

/** A DomainInput for `vmi` (default `testVmi()`) with passt, TCG and the test paths. */
export function testDomainInput(vmi: VirtualMachineInstance = testVmi()): DomainInput {
  return {
    vmi,
    paths: launcherPathsIn(testVmDir),
    accel: 'tcg',
    disks: testDisks,
    network: { ip: '10.244.0.7', backend: 'passt' },
  };
}
