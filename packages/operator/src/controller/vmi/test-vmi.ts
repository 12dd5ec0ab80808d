// Test support only (not exported): a VMI as the API server stores it, and launcher pods in the
// states the node agent reports.
import type { V1Pod, V1PodStatus } from '@kubernetes/client-node';
import type { VirtualMachineInstance } from '@podvisor/api';

/** A VMI named `testvmi` in `default` with 128Mi, overridable field by field. */
export function testVmi(
  changes: {
    metadata?: Partial<VirtualMachineInstance['metadata']>;
    spec?: Partial<VirtualMachineInstance['spec']>;
    status?: VirtualMachineInstance['status'];
  } = {},
): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name: 'testvmi',
      namespace: 'default',
      uid: 'vmi-uid',
      resourceVersion: '7',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { app: 'demo' },
      finalizers: ['foregroundDeleteVirtualMachine'],
      ...changes.metadata,
    },
    spec: {
      domain: {
        resources: { requests: { memory: '128Mi' } },
        devices: {},
      },
      ...changes.spec,
    },
    ...(changes.status === undefined ? {} : { status: changes.status }),
  };
}

/** The state a launcher pod is in. */
export type PodState =
  | 'pending'
  | 'unschedulable'
  | 'scheduled'
  | 'running'
  | 'computeExited'
  | 'succeeded'
  | 'failed'
  | 'deleting';

const terminated = { terminated: { exitCode: 0, finishedAt: '2026-01-01T00:01:00Z' } };

function statusOf(state: PodState): V1PodStatus {
  switch (state) {
    case 'pending':
      return { phase: 'Pending' };
    case 'unschedulable':
      return {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message:
              "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.",
          },
        ],
      };
    case 'scheduled':
      return { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] };
    case 'succeeded':
      return { phase: 'Succeeded', containerStatuses: [container(terminated)] };
    case 'failed':
      return { phase: 'Failed', containerStatuses: [container(terminated)] };
    case 'computeExited':
      return { phase: 'Running', containerStatuses: [container(terminated)] };
    default:
      return {
        phase: 'Running',
        qosClass: 'Burstable',
        containerStatuses: [container({ running: {} })],
      };
  }
}

function container(
  state: object,
): NonNullable<NonNullable<V1Pod['status']>['containerStatuses']>[number] {
  return { name: 'compute', image: 'launcher', imageID: '', ready: false, restartCount: 0, state };
}

/** A launcher pod of `testVmi()` in `state`. */
export function testPod(state: PodState, uid = 'pod-uid'): V1Pod {
  const onNode = state !== 'pending' && state !== 'unschedulable';
  return {
    metadata: {
      name: `virt-launcher-testvmi-${uid}`,
      namespace: 'default',
      uid,
      labels: { 'kubevirt.io/created-by': 'vmi-uid' },
      ...(state === 'deleting'
        ? { deletionTimestamp: '2026-01-01T00:02:00Z' as unknown as Date }
        : {}),
    },
    spec: { containers: [], ...(onNode ? { nodeName: 'node-1' } : {}) },
    status: statusOf(state),
  };
}
