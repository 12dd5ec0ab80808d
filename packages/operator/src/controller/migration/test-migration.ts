// Test support only (not exported): a migration, its Running VMI and their launcher pods.
import type { V1Pod } from '@kubernetes/client-node';
import type {
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
  VirtualMachineInstanceMigrationPhase,
  VirtualMachineInstanceMigrationState,
} from '@podvisor/api';
import { testPod, testVmi, type PodState } from '../vmi/test-vmi.ts';

/** The migration `default/mig1` (uid `mig-uid`) of `testvmi`, in `phase`. */
export function testMigration(
  phase?: VirtualMachineInstanceMigrationPhase,
  changes: { deleting?: boolean; name?: string; uid?: string; created?: string } = {},
): VirtualMachineInstanceMigration {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: {
      name: changes.name ?? 'mig1',
      namespace: 'default',
      uid: changes.uid ?? 'mig-uid',
      resourceVersion: '3',
      creationTimestamp: changes.created ?? '2026-01-01T00:00:00Z',
      finalizers: ['kubevirt.io/migrationJobFinalize'],
      ...(changes.deleting === true ? { deletionTimestamp: '2026-01-01T00:09:00Z' } : {}),
    },
    spec: { vmiName: 'testvmi' },
    ...(phase === undefined
      ? {}
      : {
          status: {
            phase,
            phaseTransitionTimestamps: [
              { phase, phaseTransitionTimestamp: '2026-01-01T00:08:00.000Z' },
            ],
          },
        }),
  };
}

/** `testvmi` Running on node-1, LiveMigratable, with `migrationState` when given. */
export function runningVmi(
  state?: VirtualMachineInstanceMigrationState,
  changes: { migratable?: boolean; nodeName?: string; phase?: 'Running' | 'Failed' } = {},
): VirtualMachineInstance {
  const migratable = changes.migratable ?? true;
  return testVmi({
    metadata: {
      labels: { app: 'demo', 'kubevirt.io/nodeName': changes.nodeName ?? 'node-1' },
    },
    status: {
      phase: changes.phase ?? 'Running',
      nodeName: changes.nodeName ?? 'node-1',
      conditions: [
        migratable
          ? { type: 'LiveMigratable', status: 'True' }
          : {
              type: 'LiveMigratable',
              status: 'False',
              reason: 'DisksNotLiveMigratable',
              message: 'cannot migrate VMI with non-shared HostDisk (volume host)',
            },
      ],
      ...(state === undefined ? {} : { migrationState: state }),
    },
  });
}

/** The source launcher pod on node-1, running. */
export function sourcePod(state: PodState = 'running'): V1Pod {
  return testPod(state, 'source-uid');
}

/** The target pod of `testMigration()` in `state`, on node-2 once scheduled. */
export function targetPod(state: PodState, migrationUid = 'mig-uid'): V1Pod {
  const pod = structuredClone(testPod(state, 'target-uid'));
  const metadata = (pod.metadata ??= {});
  metadata.creationTimestamp = '2026-01-01T00:08:00Z' as unknown as Date;
  (metadata.labels ??= {})['kubevirt.io/migrationJobUID'] = migrationUid;
  if (pod.spec?.nodeName !== undefined) pod.spec.nodeName = 'node-2';
  return pod;
}

/** The VMI's migrationState once the controller handed `testMigration()` over. */
export const handedOver: VirtualMachineInstanceMigrationState = {
  migrationUid: 'mig-uid',
  sourceNode: 'node-1',
  sourcePod: 'virt-launcher-testvmi-source-uid',
  targetNode: 'node-2',
  targetPod: 'virt-launcher-testvmi-target-uid',
  mode: 'PreCopy',
};
