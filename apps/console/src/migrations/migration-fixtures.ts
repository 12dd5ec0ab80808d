// Test fixtures: migrations with the fields the console reads.
import type {
  VirtualMachineInstanceMigration,
  VirtualMachineInstanceMigrationPhase,
} from '@podvisor/api';

/** A migration for tests (namespace `apps`). */
export function makeMigration(fixture: {
  readonly name: string;
  readonly vmi: string;
  readonly namespace?: string;
  readonly phase?: VirtualMachineInstanceMigrationPhase;
  readonly from?: string;
  readonly to?: string;
  readonly started?: string;
  readonly ended?: string;
  readonly failureReason?: string;
  readonly created?: string;
}): VirtualMachineInstanceMigration {
  const state = {
    ...(fixture.from === undefined ? {} : { sourceNode: fixture.from }),
    ...(fixture.to === undefined ? {} : { targetNode: fixture.to }),
    ...(fixture.started === undefined ? {} : { startTimestamp: fixture.started }),
    ...(fixture.ended === undefined ? {} : { endTimestamp: fixture.ended }),
    ...(fixture.failureReason === undefined ? {} : { failureReason: fixture.failureReason }),
  };
  return {
    metadata: {
      name: fixture.name,
      namespace: fixture.namespace ?? 'apps',
      uid: `uid-${fixture.name}`,
      creationTimestamp: fixture.created ?? '2025-01-01T00:00:00Z',
    },
    spec: { vmiName: fixture.vmi },
    ...(fixture.phase === undefined
      ? {}
      : { status: { phase: fixture.phase, migrationState: state } }),
  };
}

/** A migration of `vm-web` from node-a to node-b that took 42s, for tests (namespace `apps`). */
export const succeededMigration = makeMigration({
  name: 'mig-done',
  vmi: 'vm-web',
  phase: 'Succeeded',
  from: 'node-a',
  to: 'node-b',
  started: '2025-01-01T00:01:00Z',
  ended: '2025-01-01T00:01:42Z',
  created: '2025-01-01T00:00:55Z',
});
