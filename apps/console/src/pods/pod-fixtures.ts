// Test fixtures: pods with the fields the Pods pages read.
import type { OwnerReference } from '@podvisor/api';
import type { PodContainer, PodContainerStatus, PodResource } from './pod-resource.ts';

/** What a fixture pod may set. */
export interface PodFixture {
  readonly name: string;
  readonly namespace?: string;
  readonly phase?: string;
  readonly node?: string;
  readonly ip?: string;
  readonly labels?: Record<string, string>;
  readonly owners?: OwnerReference[];
  readonly deleting?: boolean;
  readonly containers?: readonly PodContainer[];
  readonly initContainers?: readonly PodContainer[];
  readonly statuses?: readonly PodContainerStatus[];
  readonly initStatuses?: readonly PodContainerStatus[];
}

/** A pod for tests: one container `app` running and ready unless told otherwise. */
export function podFixture(fixture: PodFixture): PodResource {
  const containers = fixture.containers ?? [{ name: 'app', image: 'busybox' }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: fixture.name,
      namespace: fixture.namespace ?? 'apps',
      uid: `uid-${fixture.name}`,
      creationTimestamp: '2025-01-01T00:00:00Z',
      ...(fixture.labels === undefined ? {} : { labels: fixture.labels }),
      ...(fixture.owners === undefined ? {} : { ownerReferences: fixture.owners }),
      ...(fixture.deleting === true ? { deletionTimestamp: '2025-01-02T00:00:00Z' } : {}),
    },
    spec: {
      containers,
      ...(fixture.initContainers === undefined ? {} : { initContainers: fixture.initContainers }),
      ...(fixture.node === undefined ? {} : { nodeName: fixture.node }),
    },
    status: {
      phase: fixture.phase ?? 'Running',
      ...(fixture.ip === undefined ? {} : { podIP: fixture.ip, podIPs: [{ ip: fixture.ip }] }),
      containerStatuses: fixture.statuses ?? [
        ...containers.map((container) => ({
          name: container.name,
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: '2025-01-01T00:00:01Z' } },
        })),
      ],
      ...(fixture.initStatuses === undefined
        ? {}
        : { initContainerStatuses: fixture.initStatuses }),
    },
  };
}

/** A virt-launcher pod of VM `vm`, with the guest's serial log container. */
export function launcherPodFixture(name: string, vm: string): PodResource {
  return podFixture({
    name,
    labels: { 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': vm },
    owners: [
      {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachineInstance',
        name: vm,
        uid: `uid-vmi-${vm}`,
        controller: true,
      },
    ],
    containers: [
      { name: 'compute', image: 'virt-launcher' },
      { name: 'guest-console-log', image: 'virt-launcher' },
    ],
  });
}
