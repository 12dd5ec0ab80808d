import type { VirtualMachineInstance } from '@podvisor/api';
import type { EvictedPod } from './decide-eviction.ts';

/** A virt-launcher pod of VMI `vm` on `node`. */
export function launcherPod(node = 'node-1', phase = 'Running'): EvictedPod {
  return {
    metadata: {
      name: 'virt-launcher-vm-abcde',
      namespace: 'ns',
      labels: { 'kubevirt.io': 'virt-launcher' },
      annotations: { 'kubevirt.io/domain': 'vm' },
    },
    spec: { nodeName: node },
    status: { phase },
  };
}

/** VMI `vm` running on node-1, LiveMigratable as given. */
export function runningVmi(
  options: {
    strategy?: VirtualMachineInstance['spec']['evictionStrategy'];
    migratable?: boolean;
    evacuationNodeName?: string;
  } = {},
): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm', namespace: 'ns' },
    spec: {
      domain: { devices: {} },
      ...(options.strategy === undefined ? {} : { evictionStrategy: options.strategy }),
    },
    status: {
      phase: 'Running',
      nodeName: 'node-1',
      ...(options.evacuationNodeName === undefined
        ? {}
        : { evacuationNodeName: options.evacuationNodeName }),
      conditions: [
        options.migratable === false
          ? {
              type: 'LiveMigratable',
              status: 'False',
              reason: 'DisksNotLiveMigratable',
              message: 'cannot migrate VMI: PVC disk is not shared',
            }
          : { type: 'LiveMigratable', status: 'True' },
      ],
    },
  };
}
