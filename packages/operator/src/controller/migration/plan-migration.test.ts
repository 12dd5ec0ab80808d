import type { V1Pod } from '@kubernetes/client-node';
import type {
  VirtualMachineInstance,
  VirtualMachineInstanceMigrationPhase,
  VirtualMachineInstanceMigrationState,
} from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import {
  migrationFailures,
  objectPatch,
  planMigration,
  type MigrationFacts,
} from './plan-migration.ts';
import { handedOver, runningVmi, sourcePod, targetPod, testMigration } from './test-migration.ts';

const now = new Date('2026-01-01T00:10:00.000Z');
const fiveMinutes = 5 * 60_000;
type Phase = VirtualMachineInstanceMigrationPhase;

function facts(
  phase: Phase | undefined,
  vmi: VirtualMachineInstance | undefined,
  pods: V1Pod[],
  extra: Partial<MigrationFacts> & { deleting?: boolean } = {},
): MigrationFacts {
  const { deleting, ...rest } = extra;
  return {
    migration: testMigration(phase, { deleting: deleting === true }),
    vmi,
    pods,
    waitingFor: undefined,
    awaitingTargetPod: false,
    now,
    targetPodStartTimeoutMs: fiveMinutes,
    ...rest,
  };
}

const state = (extra: VirtualMachineInstanceMigrationState = {}): VirtualMachineInstance =>
  runningVmi({ ...handedOver, ...extra });
const migrated = (extra: VirtualMachineInstanceMigrationState = {}): VirtualMachineInstance =>
  runningVmi({ ...handedOver, completed: true, ...extra }, { nodeName: 'node-2' });

describe('planMigration moves the phases', () => {
  it.each<[string, MigrationFacts, Phase | undefined]>([
    ['a new migration is Pending', facts(undefined, runningVmi(), [sourcePod()]), 'Pending'],
    [
      'Pending creates the target pod: Scheduling',
      facts('Pending', runningVmi(), [sourcePod()]),
      'Scheduling',
    ],
    [
      'Pending waits for the migration ahead',
      facts('Pending', runningVmi(), [sourcePod()], { waitingFor: 'mig0' }),
      undefined,
    ],
    [
      'Pending waits for a created pod to reach the cache',
      facts('Pending', runningVmi(), [sourcePod()], { awaitingTargetPod: true }),
      undefined,
    ],
    [
      'Pending with its target pod already there is Scheduling',
      facts('Pending', runningVmi(), [sourcePod(), targetPod('pending')]),
      'Scheduling',
    ],
    [
      'a non-migratable VMI fails the migration',
      facts('Pending', runningVmi(undefined, { migratable: false }), [sourcePod()]),
      'Failed',
    ],
    ['a missing VMI fails the migration', facts('Pending', undefined, []), 'Failed'],
    [
      'a VMI that ended fails the migration',
      facts('Running', runningVmi(handedOver, { phase: 'Failed' }), []),
      'Failed',
    ],
    [
      'Scheduling waits for the target pod to run',
      facts('Scheduling', runningVmi(), [sourcePod(), targetPod('scheduled')]),
      undefined,
    ],
    [
      'Scheduling is Scheduled once the target runs',
      facts('Scheduling', runningVmi(), [sourcePod(), targetPod('running')]),
      'Scheduled',
    ],
    [
      'Scheduling fails when the target pod fails',
      facts('Scheduling', runningVmi(), [sourcePod(), targetPod('failed')]),
      'Failed',
    ],
    [
      'Scheduling fails when the target pod is gone',
      facts('Scheduling', runningVmi(), [sourcePod()]),
      'Failed',
    ],
    [
      'Scheduling fails when the target pod does not start in time',
      facts('Scheduling', runningVmi(), [sourcePod(), targetPod('unschedulable')], {
        now: new Date('2026-01-01T00:13:00.000Z'),
      }),
      'Failed',
    ],
    [
      'Scheduled hands over: PreparingTarget',
      facts('Scheduled', runningVmi(), [sourcePod(), targetPod('running')]),
      'PreparingTarget',
    ],
    [
      'PreparingTarget waits for the target address',
      facts('PreparingTarget', state(), [sourcePod(), targetPod('running')]),
      undefined,
    ],
    [
      'PreparingTarget is TargetReady once the address is written',
      facts('PreparingTarget', state({ targetNodeAddress: '10.0.0.2:4444' }), [
        sourcePod(),
        targetPod('running'),
      ]),
      'TargetReady',
    ],
    [
      'TargetReady is Running once the source started',
      facts(
        'TargetReady',
        state({ targetNodeAddress: 'a', startTimestamp: '2026-01-01T00:09:00Z' }),
        [sourcePod(), targetPod('running')],
      ),
      'Running',
    ],
    [
      'Running is Succeeded once completed on the target node',
      facts('Running', migrated(), [sourcePod('succeeded'), targetPod('running')]),
      'Succeeded',
    ],
    [
      'Running waits for the target to take the VMI over',
      facts('Running', state({ completed: true }), [sourcePod(), targetPod('running')]),
      undefined,
    ],
    [
      'Running fails when the source reports a failure',
      facts('Running', state({ failed: true, failureReason: 'boom' }), [
        sourcePod(),
        targetPod('running'),
      ]),
      'Failed',
    ],
    [
      'Running fails when the target pod dies',
      facts('Running', state({ startTimestamp: 'x' }), [sourcePod(), targetPod('failed')]),
      'Failed',
    ],
    [
      'Running fails when another migration took the VMI over',
      facts('Running', state({ migrationUid: 'other' }), [sourcePod(), targetPod('running')]),
      'Failed',
    ],
    ['a final migration never moves', facts('Failed', runningVmi(), [sourcePod()]), undefined],
  ])('%s', (_, input, expected) => {
    expect(planMigration(input).status?.phase).toBe(expected);
  });
});

describe('planMigration carries out each step', () => {
  it('adds the finalizer to a new migration and records the transition time', () => {
    const migration = testMigration();
    migration.metadata.finalizers = [];
    const plan = planMigration({ ...facts(undefined, runningVmi(), []), migration });
    expect(plan.addFinalizer).toBe(true);
    expect(plan.status?.phaseTransitionTimestamps).toEqual([
      { phase: 'Pending', phaseTransitionTimestamp: now.toISOString() },
    ]);
  });

  it('creates the target pod only once', () => {
    expect(planMigration(facts('Pending', runningVmi(), [sourcePod()])).createTargetPod).toBe(true);
    const withPod = facts('Pending', runningVmi(), [sourcePod(), targetPod('pending')]);
    expect(planMigration(withPod).createTargetPod).toBe(false);
  });

  it('fails a non-migratable VMI with the condition reason, on the migration', () => {
    const plan = planMigration(facts('Pending', runningVmi(undefined, { migratable: false }), []));
    const reason =
      'Cannot migrate VMI, Reason: DisksNotLiveMigratable, Message: cannot migrate VMI with non-shared HostDisk (volume host)';
    expect(plan.status?.migrationState).toEqual({
      migrationUid: 'mig-uid',
      failed: true,
      failureReason: reason,
    });
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'FailedMigration', message: reason }]);
    expect(plan.createTargetPod).toBe(false);
    expect(plan.addFinalizer).toBe(false);
  });

  it('hands over with the VMI migrationState and target label, replacing an older state', () => {
    const older = { migrationUid: 'old', completed: true, targetNodeAddress: 'x:1' };
    const plan = planMigration(
      facts('Scheduled', runningVmi(older), [sourcePod(), targetPod('running')]),
    );
    expect(plan.vmi).toEqual({
      targetNodeLabel: 'node-2',
      migrationState: { ...handedOver, completed: null, targetNodeAddress: null },
    });
    expect(plan.status?.migrationState).toEqual(handedOver);
  });

  it('times the target pod start from Scheduling and looks again when it is due', () => {
    const plan = planMigration(
      facts('Scheduling', runningVmi(), [sourcePod(), targetPod('pending')]),
    );
    expect(plan.requeueAfterMs).toBe(3 * 60_000);
    const late = { now: new Date('2026-01-01T00:13:00.000Z') };
    const failed = planMigration(
      facts('Scheduling', runningVmi(), [sourcePod(), targetPod('pending')], late),
    );
    expect(failed.events[0]?.message).toBe(
      'target pod virt-launcher-testvmi-target-uid did not start within 300s',
    );
  });

  it('mirrors the VMI migrationState on the migration while it runs', () => {
    const vmi = state({ targetNodeAddress: '10.0.0.2:4444' });
    const plan = planMigration(facts('TargetReady', vmi, [sourcePod(), targetPod('running')]));
    expect(plan.status).toEqual({
      migrationState: { ...handedOver, targetNodeAddress: '10.0.0.2:4444' },
    });
  });

  it('records Migrated when the migration succeeds', () => {
    const plan = planMigration(facts('Running', migrated(), [sourcePod(), targetPod('running')]));
    expect(plan.events).toEqual([
      {
        type: 'Normal',
        reason: 'Migrated',
        message: 'The VirtualMachineInstance migrated to node node-2.',
      },
    ]);
  });
});

describe('planMigration fails and cancels', () => {
  it.each<[string, MigrationFacts, VirtualMachineInstanceMigrationState | undefined]>([
    [
      'a target pod lost before the start marks the VMI state failed',
      facts('TargetReady', state({ targetNodeAddress: 'a' }), [sourcePod()]),
      {
        failed: true,
        failureReason:
          'target pod virt-launcher-testvmi-target-uid disappeared before the migration completed',
      },
    ],
    [
      'a target pod dying mid-transfer asks the source to abort',
      facts('Running', state({ startTimestamp: 'x' }), [sourcePod(), targetPod('failed')]),
      { abortRequested: true },
    ],
    [
      'a deleted migration not started yet is cancelled on the VMI',
      facts('PreparingTarget', state(), [sourcePod(), targetPod('running')], { deleting: true }),
      { failed: true, failureReason: migrationFailures.canceled, abortRequested: true },
    ],
    [
      'a deleted running migration asks the source to abort',
      facts('Running', state({ startTimestamp: 'x' }), [sourcePod(), targetPod('running')], {
        deleting: true,
      }),
      { abortRequested: true },
    ],
    [
      'a source-reported failure leaves the VMI state alone',
      facts('Running', state({ startTimestamp: 'x', failed: true }), [
        sourcePod(),
        targetPod('running'),
      ]),
      undefined,
    ],
  ])('%s', (_, input, vmiState) => {
    expect(planMigration(input).vmi?.migrationState).toEqual(vmiState);
  });

  it('waits for the outcome of a requested abort', () => {
    const vmi = state({ startTimestamp: 'x', abortRequested: true });
    const plan = planMigration(
      facts('Running', vmi, [sourcePod(), targetPod('running')], { deleting: true }),
    );
    expect(plan.status?.phase).toBeUndefined();
    expect(plan.vmi).toBeUndefined();
    expect(plan.removeFinalizer).toBe(false);
  });

  it.each<[string, Phase]>([
    ['Pending', 'Pending'],
    ['Scheduling', 'Scheduling'],
    ['Scheduled', 'Scheduled'],
  ])('a migration deleted while %s is Failed as canceled', (_, phase) => {
    const plan = planMigration(
      facts(phase, runningVmi(), [sourcePod(), targetPod('running')], { deleting: true }),
    );
    expect(plan.status?.phase).toBe('Failed');
    expect(plan.events[0]?.message).toBe(migrationFailures.canceled);
  });
});

describe('planMigration cleans up a final migration', () => {
  it('deletes the target pod of a failed one, clears the label and lets the finalizer go', () => {
    const vmi = state({ failed: true });
    vmi.metadata.labels = {
      ...vmi.metadata.labels,
      'kubevirt.io/migrationTargetNodeName': 'node-2',
    };
    const plan = planMigration(facts('Failed', vmi, [sourcePod(), targetPod('running')]));
    expect(plan.deletePods.map((pod) => pod.metadata?.name)).toEqual([
      'virt-launcher-testvmi-target-uid',
    ]);
    expect(plan.vmi).toEqual({ targetNodeLabel: null });
    expect(plan.removeFinalizer).toBe(true);
    expect(plan.status?.migrationState).toEqual({ ...handedOver, failed: true });
  });

  it('deletes the source pod of a successful one once the VMI runs on the target', () => {
    const plan = planMigration(facts('Succeeded', migrated(), [sourcePod(), targetPod('running')]));
    expect(plan.deletePods.map((pod) => pod.metadata?.name)).toEqual([
      'virt-launcher-testvmi-source-uid',
    ]);
  });

  it('leaves the label alone when another migration holds the VMI', () => {
    const vmi = runningVmi({ ...handedOver, migrationUid: 'next' });
    vmi.metadata.labels = {
      ...vmi.metadata.labels,
      'kubevirt.io/migrationTargetNodeName': 'node-3',
    };
    const plan = planMigration(facts('Failed', vmi, [sourcePod(), targetPod('failed')]));
    expect(plan.vmi).toBeUndefined();
  });

  it('does nothing more once clean', () => {
    const migration = testMigration('Failed');
    migration.metadata.finalizers = [];
    const plan = planMigration({ ...facts('Failed', runningVmi(), [sourcePod()]), migration });
    expect(plan).toMatchObject({ deletePods: [], removeFinalizer: false, events: [] });
    expect(plan.vmi).toBeUndefined();
    expect(plan.status).toBeUndefined();
  });
});

describe('objectPatch', () => {
  it.each<[string, Record<string, unknown> | undefined, Record<string, unknown>, unknown]>([
    ['equal objects need no patch', { a: 1 }, { a: 1 }, undefined],
    ['changed and new keys are set', { a: 1 }, { a: 2, b: true }, { a: 2, b: true }],
    ['dropped keys are nulled', { a: 1, b: 2 }, { a: 1 }, { b: null }],
    ['from nothing, everything is set', undefined, { a: 1 }, { a: 1 }],
  ])('%s', (_, current, wanted, expected) => {
    expect(objectPatch(current, wanted)).toEqual(expected);
  });
});
