import type { VirtualMachineInstance, VirtualMachineInstanceMigrationState } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import type { DomainStatus } from '../../protocol/v1/index.ts';
import {
  decideMigrationStep,
  domainMigratedAway,
  migrationRole,
  migrationUnderWay,
  sourceStatusHeld,
  type LocalMigration,
  type MigrationLauncherFacts,
} from './migration-step.ts';

const uid = 'mig-1';
const base: VirtualMachineInstanceMigrationState = {
  migrationUid: uid,
  sourceNode: 'node1',
  sourcePod: 'virt-launcher-vm-aaaaa',
  targetNode: 'node2',
  targetPod: 'virt-launcher-vm-bbbbb',
  mode: 'PreCopy',
};

function vmiWith(
  state: Partial<VirtualMachineInstanceMigrationState> | undefined,
  nodeName = 'node1',
): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm', namespace: 'default', uid: 'vmi-uid' },
    spec: { domain: { devices: {} } },
    status: {
      phase: 'Running',
      nodeName,
      ...(state === undefined ? {} : { migrationState: { ...base, ...state } }),
    },
  };
}

function domain(state: DomainStatus['state'], reason = ''): DomainStatus {
  return { name: 'default_vm', state, reason, accel: 'tcg' };
}

function facts(
  local: Omit<LocalMigration, 'migrationUid'> | undefined,
  more: Partial<MigrationLauncherFacts> = {},
): MigrationLauncherFacts {
  return {
    connected: true,
    domain: domain('Running'),
    local: local === undefined ? undefined : { migrationUid: uid, ...local },
    ...more,
  };
}

const started = { targetNodeAddress: '10.0.0.2:40000', startTimestamp: '2026-01-01T00:00:00Z' };

describe('migrationRole', () => {
  it.each([
    ['no migration', undefined, 'node1', 'node1', undefined],
    ['the source, running here', {}, 'node1', 'node1', 'source'],
    ['the target, while the VMI runs on the source', {}, 'node1', 'node2', 'target'],
    ['no part after the takeover (the target runs it)', {}, 'node2', 'node2', undefined],
    ['no part for a third node', {}, 'node1', 'node3', undefined],
    ['no part without a migration UID', { migrationUid: '' }, 'node1', 'node1', undefined],
  ] as const)('%s', (...row) => {
    const [, state, runsOn, node, role] = row;
    expect(migrationRole(vmiWith(state, runsOn), node)).toBe(role);
  });
});

describe('decideMigrationStep', () => {
  it.each([
    // target (node2; the VMI runs on node1)
    [
      'target: prepares once its launcher is connected',
      {},
      'node2',
      facts(undefined),
      'prepareTarget',
    ],
    [
      'target: waits for its launcher',
      {},
      'node2',
      facts(undefined, { connected: false }),
      'nothing',
    ],
    ['target: does not prepare twice at once', {}, 'node2', facts({ preparing: true }), 'nothing'],
    [
      'target: reports a prepared address not written yet',
      {},
      'node2',
      facts({ preparedAddress: '10.0.0.2:40000' }),
      'reportAddress',
    ],
    [
      'target: nothing once the address is written',
      { targetNodeAddress: '10.0.0.2:40000' },
      'node2',
      facts(undefined),
      'nothing',
    ],
    [
      'target: a record of another migration does not count',
      {},
      'node2',
      { ...facts(undefined), local: { migrationUid: 'old', preparedAddress: 'x:1' } },
      'prepareTarget',
    ],
    [
      'target: nothing for a failed migration',
      { failed: true },
      'node2',
      facts(undefined),
      'nothing',
    ],
    [
      'target: nothing for an abort before the address',
      { abortRequested: true },
      'node2',
      facts(undefined),
      'nothing',
    ],
    [
      'target: takes over once completed and its domain runs',
      { ...started, completed: true },
      'node2',
      facts(undefined),
      'takeOver',
    ],
    [
      'target: asks for its domain when completed but the domain is not seen running',
      { ...started, completed: true },
      'node2',
      facts(undefined, { domain: null }),
      'awaitTargetDomain',
    ],
    [
      'target: nothing once it detected the domain',
      { ...started, completed: true, targetNodeDomainDetected: true },
      'node2',
      facts(undefined),
      'nothing',
    ],
    // source (node1; the VMI runs here)
    ['source: waits for the target address', {}, 'node1', facts(undefined), 'nothing'],
    [
      'source: starts once the target address is known',
      { targetNodeAddress: '10.0.0.2:40000' },
      'node1',
      facts(undefined),
      'startMigration',
    ],
    [
      'source: does not start with its launcher away',
      { targetNodeAddress: '10.0.0.2:40000' },
      'node1',
      facts(undefined, { connected: false }),
      'nothing',
    ],
    ['source: does not start twice', started, 'node1', facts({ migrateRunning: true }), 'nothing'],
    [
      'source: reports a successful Migrate',
      started,
      'node1',
      facts({ outcome: { succeeded: true } }),
      'reportCompleted',
    ],
    [
      'source: reports a failed Migrate',
      started,
      'node1',
      facts({ outcome: { succeeded: false, reason: 'boom' } }),
      'reportFailed',
    ],
    [
      'source: after a restart, a domain migrated away means completed',
      started,
      'node1',
      facts(undefined, { domain: domain('Shutoff', 'Migrated') }),
      'reportCompleted',
    ],
    [
      'source: after a restart, no domain left means completed',
      started,
      'node1',
      facts(undefined, { domain: null }),
      'reportCompleted',
    ],
    [
      'source: after a restart, a running domain tells nothing yet',
      started,
      'node1',
      facts(undefined),
      'nothing',
    ],
    [
      'source: aborts a started migration on request',
      { ...started, abortRequested: true },
      'node1',
      facts({ migrateRunning: true }),
      'abort',
    ],
    [
      'source: aborts once',
      { ...started, abortRequested: true, abortStatus: 'Aborting' },
      'node1',
      facts({ migrateRunning: true, cancelSent: true }),
      'nothing',
    ],
    [
      'source: an abort of a migration not started is the controller’s',
      { targetNodeAddress: '10.0.0.2:40000', abortRequested: true },
      'node1',
      facts(undefined),
      'nothing',
    ],
    [
      'source: the outcome after an abort is still reported',
      { ...started, abortRequested: true, abortStatus: 'Aborting' },
      'node1',
      facts({ cancelSent: true, outcome: { succeeded: false, reason: 'cancelled' } }),
      'reportFailed',
    ],
    [
      'source: cancels a Migrate still running when the controller failed the migration',
      { ...started, failed: true },
      'node1',
      facts({ migrateRunning: true }),
      'abort',
    ],
    [
      'source: nothing once completed',
      { ...started, completed: true },
      'node1',
      facts({ outcome: { succeeded: true } }),
      'nothing',
    ],
    ['third node: nothing', started, 'node3', facts(undefined), 'nothing'],
  ] as const)('%s', (...row) => {
    const [, state, node, launcher, kind] = row;
    expect(decideMigrationStep(vmiWith(state), node, launcher).kind).toBe(kind);
  });

  it('starts toward the target address over TCP', () => {
    const step = decideMigrationStep(
      vmiWith({ targetNodeAddress: '10.0.0.2:40000' }),
      'node1',
      facts(undefined),
    );
    expect(step).toEqual({ kind: 'startMigration', targetUri: 'tcp://10.0.0.2:40000' });
  });

  it('carries the launcher’s failure reason', () => {
    const step = decideMigrationStep(
      vmiWith(started),
      'node1',
      facts({ outcome: { succeeded: false, reason: 'target unreachable' } }),
    );
    expect(step).toEqual({ kind: 'reportFailed', reason: 'target unreachable' });
  });

  it('does nothing for a VMI being deleted', () => {
    const vmi = vmiWith({ targetNodeAddress: '10.0.0.2:40000' });
    vmi.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(decideMigrationStep(vmi, 'node1', facts(undefined)).kind).toBe('nothing');
  });
});

describe('sourceStatusHeld', () => {
  it.each([
    ['no migration', undefined, facts(undefined, { domain: domain('Shutoff', 'Migrated') }), false],
    ['not started, domain gone', {}, facts(undefined, { domain: null }), false],
    ['started, domain running', started, facts(undefined), false],
    ['started, domain migrated away', started, facts(undefined, { domain: null }), true],
    [
      'Migrate running, domain paused for the switch-over',
      {},
      facts({ migrateRunning: true }, { domain: domain('Shutoff', 'Migrated') }),
      true,
    ],
    ['Migrate succeeded, not written yet', started, facts({ outcome: { succeeded: true } }), true],
    ['completed', { ...started, completed: true }, facts(undefined), true],
    [
      'failed: the domain speaks again',
      { ...started, failed: true },
      facts(undefined, { domain: domain('Crashed') }),
      false,
    ],
  ] as const)('%s → %s', (_name, state, launcher, held) => {
    expect(sourceStatusHeld(vmiWith(state), 'node1', launcher)).toBe(held);
  });

  it('never holds the target’s status', () => {
    const vmi = vmiWith({ ...started, completed: true }, 'node2');
    expect(sourceStatusHeld(vmi, 'node2', facts(undefined))).toBe(false);
  });
});

describe('migrationUnderWay', () => {
  it.each([
    ['the target before the takeover', {}, 'node1', 'node2', true],
    ['the source before the start', {}, 'node1', 'node1', false],
    ['the source once started', started, 'node1', 'node1', true],
    ['the source after a failure', { ...started, failed: true }, 'node1', 'node1', false],
    ['the target after the takeover', { ...started, completed: true }, 'node2', 'node2', false],
  ] as const)('%s → %s', (...row) => {
    const [, state, runsOn, node, expected] = row;
    expect(migrationUnderWay(vmiWith(state, runsOn), node)).toBe(expected);
  });
});

describe('domainMigratedAway', () => {
  it.each([
    [null, true],
    [undefined, false],
    [domain('Shutoff', 'Migrated'), true],
    [domain('Shutoff', 'Crashed'), false],
    [domain('Running'), false],
  ])('%j → %s', (status, expected) => {
    expect(domainMigratedAway(status)).toBe(expected);
  });
});

describe('the launcher’s MigrationStatus events', () => {
  const status = (phase: 'Running' | 'Completed' | 'Failed', migrationUid = uid) => ({
    migrationUid,
    phase,
    ...(phase === 'Failed' ? { failureReason: 'connection reset' } : {}),
  });

  it.each([
    ['source: Completed is reported', started, 'node1', status('Completed'), 'reportCompleted'],
    ['source: Failed is reported', started, 'node1', status('Failed'), 'reportFailed'],
    ['source: progress is no outcome', started, 'node1', status('Running'), 'nothing'],
    [
      'source: another migration’s outcome is ignored',
      started,
      'node1',
      status('Failed', 'old'),
      'nothing',
    ],
    [
      'target: Completed lets it take over before the domain event',
      { ...started, completed: true },
      'node2',
      status('Completed'),
      'takeOver',
    ],
  ] as const)('%s', (...row) => {
    const [, state, node, migration, kind] = row;
    const launcher = facts(undefined, {
      domain: node === 'node2' ? null : domain('Running'),
      migration,
    });
    expect(decideMigrationStep(vmiWith(state), node, launcher).kind).toBe(kind);
  });

  it('carries the reported failure reason', () => {
    const launcher = facts(undefined, { migration: status('Failed') });
    expect(decideMigrationStep(vmiWith(started), 'node1', launcher)).toEqual({
      kind: 'reportFailed',
      reason: 'connection reset',
    });
  });
});
