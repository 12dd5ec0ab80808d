import { randomUUID } from 'node:crypto';
import {
  clusterConfigFrom,
  defaultVirtualMachineInstance,
  type VirtualMachineInstance,
} from '@podvisor/api';

/**
 * A defaulted VMI of the tiny guest (128Mi, a containerDisk, 20 s grace) for the launcher's
 * process tests, after `changes` (interfaces, networks, …) are applied.
 */
export function tinyTestVmi(
  name: string,
  changes: (vmi: VirtualMachineInstance) => void = () => undefined,
): VirtualMachineInstance {
  const vmi: VirtualMachineInstance = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: 'default', uid: randomUUID() },
    spec: {
      domain: { devices: {}, resources: { requests: { memory: '128Mi' } } },
      volumes: [{ name: 'root', containerDisk: { image: 'podvisor.local/tiny' } }],
      terminationGracePeriodSeconds: 20,
    },
  };
  changes(vmi);
  return defaultVirtualMachineInstance(vmi, clusterConfigFrom(undefined));
}
