import type { VirtualMachineInstanceMigration } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { decideEviction, evacuationMigration, isActiveMigration } from './decide-eviction.ts';
import { launcherPod, runningVmi } from './eviction-fixtures.ts';

const evacuating = 'Eviction triggered evacuation of VMI "ns/vm"';
const notMigratable =
  'VMI vm is configured with an eviction strategy but is not live-migratable: cannot migrate VMI: PVC disk is not shared';

describe('decideEviction', () => {
  it.each([
    {
      case: 'a pod that is not a launcher',
      state: {
        pod: { metadata: { labels: { app: 'web' } } },
        vmi: runningVmi({ strategy: 'LiveMigrate' }),
      },
      want: { kind: 'allow' },
    },
    {
      case: 'a launcher whose VMI is gone',
      state: { pod: launcherPod(), vmi: undefined },
      want: { kind: 'allow' },
    },
    {
      case: 'a finished launcher (the source pod after a migration)',
      state: {
        pod: launcherPod('node-1', 'Succeeded'),
        vmi: runningVmi({ strategy: 'LiveMigrate' }),
      },
      want: { kind: 'allow' },
    },
    {
      case: 'a launcher on a node the VMI has left',
      state: { pod: launcherPod('node-2'), vmi: runningVmi({ strategy: 'LiveMigrate' }) },
      want: { kind: 'allow' },
    },
    {
      case: 'a VMI with strategy None',
      state: {
        pod: launcherPod(),
        vmi: runningVmi({ strategy: 'None' }),
        clusterStrategy: 'LiveMigrate' as const,
      },
      want: { kind: 'allow' },
    },
    {
      case: 'a VMI without a strategy in a cluster without a default',
      state: { pod: launcherPod(), vmi: runningVmi() },
      want: { kind: 'allow' },
    },
    {
      case: 'LiveMigrate on a migratable VMI',
      state: { pod: launcherPod(), vmi: runningVmi({ strategy: 'LiveMigrate' }) },
      want: { kind: 'evacuate', message: evacuating, markNode: 'node-1', migrate: true },
    },
    {
      case: 'the cluster default LiveMigrate',
      state: { pod: launcherPod(), vmi: runningVmi(), clusterStrategy: 'LiveMigrate' as const },
      want: { kind: 'evacuate', message: evacuating, markNode: 'node-1', migrate: true },
    },
    {
      case: 'LiveMigrate with a migration already running and the VMI marked',
      state: {
        pod: launcherPod(),
        vmi: runningVmi({ strategy: 'LiveMigrate', evacuationNodeName: 'node-1' }),
        migrationActive: true,
      },
      want: { kind: 'evacuate', message: evacuating, markNode: undefined, migrate: false },
    },
    {
      case: 'LiveMigrate on a VMI still marked from an evacuation of the node it left',
      state: {
        pod: launcherPod(),
        vmi: runningVmi({ strategy: 'LiveMigrate', evacuationNodeName: 'node-2' }),
      },
      want: { kind: 'evacuate', message: evacuating, markNode: 'node-1', migrate: true },
    },
    {
      case: 'LiveMigrate on a VMI that is not migratable',
      state: {
        pod: launcherPod(),
        vmi: runningVmi({ strategy: 'LiveMigrate', migratable: false }),
      },
      want: { kind: 'deny', message: notMigratable },
    },
    {
      case: 'LiveMigrateIfPossible on a migratable VMI',
      state: { pod: launcherPod(), vmi: runningVmi({ strategy: 'LiveMigrateIfPossible' }) },
      want: { kind: 'evacuate', message: evacuating, markNode: 'node-1', migrate: true },
    },
    {
      case: 'LiveMigrateIfPossible on a VMI that is not migratable',
      state: {
        pod: launcherPod(),
        vmi: runningVmi({ strategy: 'LiveMigrateIfPossible', migratable: false }),
      },
      want: { kind: 'allow' },
    },
    {
      case: 'External (marks only, an external controller moves the VM)',
      state: { pod: launcherPod(), vmi: runningVmi({ strategy: 'External', migratable: false }) },
      want: { kind: 'evacuate', message: evacuating, markNode: 'node-1', migrate: false },
    },
  ])('$case → $want.kind', ({ state, want }) => {
    expect(
      decideEviction({ migrationActive: false, clusterStrategy: undefined, ...state }),
    ).toEqual(want);
  });
});

describe('evacuationMigration', () => {
  it('names the VMI and carries the evacuation annotation with the drained node', () => {
    expect(evacuationMigration(runningVmi(), 'node-1')).toEqual({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstanceMigration',
      metadata: {
        generateName: 'kubevirt-evacuation-',
        namespace: 'ns',
        annotations: { 'kubevirt.io/evacuationMigration': 'node-1' },
        labels: { 'kubevirt.io/vmi-name': 'vm' },
      },
      spec: { vmiName: 'vm' },
    });
  });
});

describe('isActiveMigration', () => {
  const migration = (
    vmiName: string,
    phase?: 'Running' | 'Succeeded' | 'Failed',
  ): VirtualMachineInstanceMigration => ({
    metadata: { name: 'm' },
    spec: { vmiName },
    ...(phase === undefined ? {} : { status: { phase } }),
  });
  it.each([
    [migration('vm'), true],
    [migration('vm', 'Running'), true],
    [migration('vm', 'Succeeded'), false],
    [migration('vm', 'Failed'), false],
    [migration('other', 'Running'), false],
  ])('%j is active for vm: %s', (m, want) => {
    expect(isActiveMigration(m, 'vm')).toBe(want);
  });
});
