// Test fixtures: VMs and VMIs with the fields the VM pages read.
import type {
  Devices,
  Network,
  VirtualMachine,
  VirtualMachineCondition,
  VirtualMachineInstance,
  VirtualMachineInstanceNetworkInterface,
  VirtualMachineInstanceStatus,
  VirtualMachineStatus,
  VirtualMachineInstancePhase,
  VirtualMachinePrintableStatus,
  VirtualMachineRunStrategy,
  Volume,
} from '@podvisor/api';

/** A VM for tests (namespace `apps`, run strategy Manual unless set). */
export function vmFixture(fixture: {
  readonly name: string;
  readonly namespace?: string;
  readonly status?: VirtualMachinePrintableStatus;
  readonly runStrategy?: VirtualMachineRunStrategy;
  readonly ready?: boolean;
  readonly deleting?: boolean;
  /** The template's devices (disks, interfaces…), volumes and networks. */
  readonly devices?: Devices;
  readonly volumes?: Volume[];
  readonly networks?: Network[];
  readonly conditions?: VirtualMachineCondition[];
  readonly stateChangeRequests?: VirtualMachineStatus['stateChangeRequests'];
  readonly startFailure?: VirtualMachineStatus['startFailure'];
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
          domain: { cpu: { cores: 2 }, memory: { guest: '2Gi' }, devices: fixture.devices ?? {} },
          ...(fixture.volumes === undefined ? {} : { volumes: fixture.volumes }),
          ...(fixture.networks === undefined ? {} : { networks: fixture.networks }),
        },
      },
    },
    status: {
      ...(fixture.status === undefined ? {} : { printableStatus: fixture.status }),
      ready: fixture.ready ?? false,
      ...(fixture.conditions === undefined ? {} : { conditions: fixture.conditions }),
      ...(fixture.stateChangeRequests === undefined
        ? {}
        : { stateChangeRequests: fixture.stateChangeRequests }),
      ...(fixture.startFailure === undefined ? {} : { startFailure: fixture.startFailure }),
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
  /** The guest's interfaces (instead of the one `ip` makes). */
  readonly interfaces?: VirtualMachineInstanceNetworkInterface[];
  readonly volumeStatus?: VirtualMachineInstanceStatus['volumeStatus'];
  /** Conditions besides the Paused one `paused` adds. */
  readonly conditions?: VirtualMachineInstanceStatus['conditions'];
  readonly phaseTransitionTimestamps?: VirtualMachineInstanceStatus['phaseTransitionTimestamps'];
  readonly reason?: string;
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
      ...vmiInterfaces(fixture),
      ...vmiConditions(fixture),
      ...(fixture.volumeStatus === undefined ? {} : { volumeStatus: fixture.volumeStatus }),
      ...(fixture.phaseTransitionTimestamps === undefined
        ? {}
        : { phaseTransitionTimestamps: fixture.phaseTransitionTimestamps }),
      ...(fixture.reason === undefined ? {} : { reason: fixture.reason }),
    },
  };
}

function vmiInterfaces(fixture: {
  readonly ip?: string;
  readonly interfaces?: VirtualMachineInstanceNetworkInterface[];
}): Pick<VirtualMachineInstanceStatus, 'interfaces'> {
  if (fixture.interfaces !== undefined) return { interfaces: fixture.interfaces };
  return fixture.ip === undefined
    ? {}
    : { interfaces: [{ name: 'default', ipAddress: fixture.ip }] };
}

function vmiConditions(fixture: {
  readonly paused?: boolean;
  readonly conditions?: VirtualMachineInstanceStatus['conditions'];
}): Pick<VirtualMachineInstanceStatus, 'conditions'> {
  const conditions = [
    ...(fixture.paused === true
      ? [{ type: 'Paused', status: 'True' as const, reason: 'PausedByUser' }]
      : []),
    ...(fixture.conditions ?? []),
  ];
  return conditions.length === 0 ? {} : { conditions };
}
