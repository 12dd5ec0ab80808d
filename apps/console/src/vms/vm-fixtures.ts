// Test fixtures: VMs and VMIs with the fields the VM pages read.
import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstancePhase,
  VirtualMachinePrintableStatus,
  VirtualMachineRunStrategy,
} from '@podvisor/api';

/** A VM for tests (namespace `apps`, run strategy Manual unless set). */
export function vmFixture(fixture: {
  readonly name: string;
  readonly namespace?: string;
  readonly status?: VirtualMachinePrintableStatus;
  readonly runStrategy?: VirtualMachineRunStrategy;
  readonly ready?: boolean;
  readonly deleting?: boolean;
}): VirtualMachine {
  return {
    metadata: {
      name: fixture.name,
      namespace: fixture.namespace ?? 'apps',
      uid: `vm-uid-${fixture.name}`,
      creationTimestamp: '2025-01-01T00:00:00Z',
      ...(fixture.deleting === true ? { deletionTimestamp: '2025-01-02T00:00:00Z' } : {}),
    },
    spec: {
      runStrategy: fixture.runStrategy ?? 'Manual',
      template: {
        spec: {
          domain: { cpu: { cores: 2 }, memory: { guest: '2Gi' }, devices: {} },
        },
      },
    },
    status: {
      ...(fixture.status === undefined ? {} : { printableStatus: fixture.status }),
      ready: fixture.ready ?? false,
    },
  };
}

/** A VMI for tests (namespace `apps`). */
export function vmiFixture(fixture: {
  readonly name: string;
  readonly namespace?: string;
  readonly phase?: VirtualMachineInstancePhase;
  readonly paused?: boolean;
  readonly node?: string;
  readonly ip?: string;
}): VirtualMachineInstance {
  return {
    metadata: {
      name: fixture.name,
      namespace: fixture.namespace ?? 'apps',
      uid: `vmi-uid-${fixture.name}`,
    },
    spec: { domain: { devices: {} } },
    status: {
      phase: fixture.phase ?? 'Running',
      ...(fixture.node === undefined ? {} : { nodeName: fixture.node }),
      ...(fixture.ip === undefined
        ? {}
        : { interfaces: [{ name: 'default', ipAddress: fixture.ip }] }),
      ...(fixture.paused === true
        ? { conditions: [{ type: 'Paused', status: 'True', reason: 'PausedByUser' }] }
        : {}),
    },
  };
}
