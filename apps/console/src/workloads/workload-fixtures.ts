// Test fixtures: small pods, VMs and VMIs with only the fields the Workloads page reads.
import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachinePrintableStatus,
} from '@podvisor/api';
import type { ContainerStatus, Pod } from './pod.ts';

/** What a fixture pod may set. */
export interface PodFixture {
  readonly name: string;
  readonly namespace?: string;
  readonly phase?: string;
  readonly node?: string;
  readonly ip?: string;
  readonly labels?: Record<string, string>;
  readonly created?: string;
  readonly deleting?: boolean;
  readonly containers?: readonly ContainerStatus[];
  readonly initContainers?: readonly ContainerStatus[];
}

/** A pod for tests. */
export function makePod(fixture: PodFixture): Pod {
  return {
    metadata: {
      name: fixture.name,
      namespace: fixture.namespace ?? 'default',
      creationTimestamp: fixture.created ?? '2025-01-01T00:00:00Z',
      ...(fixture.labels === undefined ? {} : { labels: fixture.labels }),
      ...(fixture.deleting === true ? { deletionTimestamp: '2025-01-02T00:00:00Z' } : {}),
    },
    spec: fixture.node === undefined ? {} : { nodeName: fixture.node },
    status: {
      phase: fixture.phase ?? 'Running',
      ...(fixture.ip === undefined ? {} : { podIP: fixture.ip }),
      ...(fixture.containers === undefined ? {} : { containerStatuses: fixture.containers }),
      ...(fixture.initContainers === undefined
        ? {}
        : { initContainerStatuses: fixture.initContainers }),
    },
  };
}

/** A launcher pod of VM `vm` (and, with `vmiUid`, of that VMI). */
export function makeLauncherPod(
  fixture: PodFixture & { readonly vm: string; readonly vmiUid?: string },
): Pod {
  return makePod({
    ...fixture,
    labels: {
      'kubevirt.io': 'virt-launcher',
      'vm.kubevirt.io/name': fixture.vm,
      ...(fixture.vmiUid === undefined ? {} : { 'kubevirt.io/created-by': fixture.vmiUid }),
      ...fixture.labels,
    },
  });
}

/** A VM for tests. */
export function makeVm(fixture: {
  readonly name: string;
  readonly namespace?: string;
  readonly status?: VirtualMachinePrintableStatus;
  readonly labels?: Record<string, string>;
  readonly created?: string;
}): VirtualMachine {
  return {
    metadata: {
      name: fixture.name,
      namespace: fixture.namespace ?? 'default',
      creationTimestamp: fixture.created ?? '2025-01-01T00:00:00Z',
      ...(fixture.labels === undefined ? {} : { labels: fixture.labels }),
    },
    spec: { template: { spec: { domain: { devices: {} } } } },
    ...(fixture.status === undefined ? {} : { status: { printableStatus: fixture.status } }),
  };
}

/** A VMI for tests. */
export function makeVmi(fixture: {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly node?: string;
  readonly ip?: string;
}): VirtualMachineInstance {
  return {
    metadata: {
      name: fixture.name,
      namespace: fixture.namespace ?? 'default',
      uid: fixture.uid ?? `uid-${fixture.name}`,
    },
    spec: { domain: { devices: {} } },
    status: {
      phase: 'Running',
      ...(fixture.node === undefined ? {} : { nodeName: fixture.node }),
      ...(fixture.ip === undefined
        ? {}
        : { interfaces: [{ name: 'default', ipAddress: fixture.ip }] }),
    },
  };
}
