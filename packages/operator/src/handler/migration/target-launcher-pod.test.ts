import type { V1Pod } from '@kubernetes/client-node';
import type { VirtualMachineInstance } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { targetLauncherPod } from './target-launcher-pod.ts';

const vmi = {
  metadata: { name: 'vm', namespace: 'default', uid: 'vmi-1' },
  spec: { domain: { devices: {} } },
  status: { migrationState: { migrationUid: 'm', targetPod: 'virt-launcher-vm-b' } },
} as VirtualMachineInstance;

function pod(name: string, namespace = 'default', createdBy = 'vmi-1'): V1Pod {
  return {
    metadata: {
      name,
      namespace,
      uid: `${namespace}-${name}`,
      labels: { 'kubevirt.io/created-by': createdBy },
    },
  };
}

describe('targetLauncherPod', () => {
  it.each([
    [
      'the named pod of the VMI',
      [pod('virt-launcher-vm-a'), pod('virt-launcher-vm-b')],
      'default-virt-launcher-vm-b',
    ],
    ['none in another namespace', [pod('virt-launcher-vm-b', 'other')], undefined],
    ['none created for another VMI', [pod('virt-launcher-vm-b', 'default', 'vmi-2')], undefined],
    ['none when absent', [pod('virt-launcher-vm-a')], undefined],
  ])('%s', (_name, pods, uid) => {
    expect(targetLauncherPod(vmi, pods)?.metadata?.uid).toBe(uid);
  });

  it('finds nothing without a target pod', () => {
    const bare = { ...vmi, status: {} };
    expect(targetLauncherPod(bare, [pod('virt-launcher-vm-b')])).toBeUndefined();
  });
});
