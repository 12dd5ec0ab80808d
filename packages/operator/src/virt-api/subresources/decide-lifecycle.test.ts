import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstancePhase,
  VirtualMachineRunStrategy,
  VirtualMachineStatus,
} from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import {
  decideMigrate,
  decideRestart,
  decideStart,
  decideStop,
  type LifecycleState,
  type PlannedWrite,
} from './decide-lifecycle.ts';
import { SubresourceError } from './subresource-error.ts';

function vm(runStrategy: VirtualMachineRunStrategy, status?: VirtualMachineStatus): VirtualMachine {
  return {
    metadata: { name: 'vm1', namespace: 'ns', uid: 'vm-uid' },
    spec: { runStrategy, template: { spec: { domain: { devices: {} } } } },
    ...(status === undefined ? {} : { status }),
  };
}

function vmi(phase: VirtualMachineInstancePhase, grace?: number): VirtualMachineInstance {
  return {
    metadata: { name: 'vm1', namespace: 'ns', uid: 'vmi-uid' },
    spec: {
      domain: { devices: {} },
      ...(grace === undefined ? {} : { terminationGracePeriodSeconds: grace }),
    },
    status: { phase },
  };
}

/** The writes of a decision, or its refusal as `code: message`. */
function outcome(decide: () => PlannedWrite[]): PlannedWrite[] | string {
  try {
    return decide();
  } catch (error) {
    if (error instanceof SubresourceError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

const conflict = (cause: string): string =>
  `409: Operation cannot be fulfilled on virtualmachine.kubevirt.io "vm1": ${cause}`;

const someStatus: VirtualMachineStatus = { printableStatus: 'Stopped' };
const start = { action: 'Start' } as const;
const stopVmi = { action: 'Stop', uid: 'vmi-uid' } as const;
const noOptions = { paused: false, dryRun: false };

const toAlways: PlannedWrite = {
  target: 'vm',
  patch: [
    { op: 'test', path: '/spec/runStrategy', value: 'Halted' },
    { op: 'replace', path: '/spec/runStrategy', value: 'Always' },
  ],
};

function requests(...changes: readonly unknown[]): PlannedWrite {
  return {
    target: 'vm-status',
    patch: [{ op: 'add', path: '/status/stateChangeRequests', value: changes }],
  };
}

describe('decideStart', () => {
  it.each<[string, LifecycleState, PlannedWrite[] | string]>([
    [
      'Halted patches the run strategy to Always',
      { vm: vm('Halted', someStatus), vmi: undefined },
      [toAlways],
    ],
    ['Manual queues a Start', { vm: vm('Manual', someStatus), vmi: undefined }, [requests(start)]],
    [
      'Manual over a finished VMI queues Stop(uid) and Start',
      { vm: vm('Manual', someStatus), vmi: vmi('Succeeded') },
      [requests(stopVmi, start)],
    ],
    [
      'RerunOnFailure over a Succeeded VMI queues Stop(uid) and Start',
      { vm: vm('RerunOnFailure', someStatus), vmi: vmi('Succeeded') },
      [requests(stopVmi, start)],
    ],
    [
      'RerunOnFailure refuses a Failed VMI',
      { vm: vm('RerunOnFailure', someStatus), vmi: vmi('Failed') },
      conflict('RerunOnFailure does not support starting VM from failed state'),
    ],
    [
      'Always refuses',
      { vm: vm('Always'), vmi: undefined },
      conflict('Always does not support manual start requests'),
    ],
    [
      'Once refuses',
      { vm: vm('Once'), vmi: undefined },
      conflict('Once does not support manual start requests'),
    ],
    [
      'a running VMI refuses',
      { vm: vm('Manual'), vmi: vmi('Running') },
      conflict('VM is already running'),
    ],
    [
      'a scheduling VMI refuses',
      { vm: vm('Halted'), vmi: vmi('Scheduling') },
      conflict('VM is already running'),
    ],
  ])('%s', (_name, state, expected) => {
    expect(outcome(() => decideStart(state, noOptions))).toEqual(expected);
  });

  it('gives a VM without status its first request', () => {
    expect(decideStart({ vm: vm('Manual'), vmi: undefined }, noOptions)).toEqual([
      {
        target: 'vm-status',
        patch: [{ op: 'add', path: '/status', value: { stateChangeRequests: [start] } }],
      },
    ]);
  });

  it('starts a Halted VM paused with a Start request carrying paused=true', () => {
    expect(
      decideStart(
        { vm: vm('Halted', someStatus), vmi: undefined },
        { paused: true, dryRun: false },
      ),
    ).toEqual([requests({ action: 'Start', data: { paused: 'true' } })]);
  });

  it('refuses a start on top of pending requests, and guards pending ones with a test', () => {
    const pending = vm('Manual', { stateChangeRequests: [start] });
    expect(outcome(() => decideStart({ vm: pending, vmi: undefined }, noOptions))).toBe(
      conflict('unable to complete request: stop/start already underway'),
    );
    const empty = vm('Manual', {
      stateChangeRequests: [],
      startFailure: { consecutiveFailCount: 2 },
    });
    expect(decideStart({ vm: empty, vmi: undefined }, noOptions)).toEqual([
      {
        target: 'vm-status',
        patch: [
          { op: 'test', path: '/status/stateChangeRequests', value: [] },
          { op: 'add', path: '/status/stateChangeRequests', value: [start] },
          { op: 'remove', path: '/status/startFailure' },
        ],
      },
    ]);
  });

  it('patches the deprecated spec.running when the VM uses it', () => {
    // The deprecated field, written untyped so that its deprecation does not spread.
    const spec = { running: false, template: { spec: { domain: { devices: {} } } } };
    const legacy = { ...vm('Halted'), spec } as VirtualMachine;
    expect(decideStart({ vm: legacy, vmi: undefined }, noOptions)).toEqual([
      {
        target: 'vm',
        patch: [
          { op: 'test', path: '/spec/running', value: false },
          { op: 'replace', path: '/spec/running', value: true },
        ],
      },
    ]);
  });
});

describe('decideStop', () => {
  const toHalted: PlannedWrite = {
    target: 'vm',
    patch: [
      { op: 'test', path: '/spec/runStrategy', value: 'Always' },
      { op: 'replace', path: '/spec/runStrategy', value: 'Halted' },
    ],
  };

  it.each<[string, LifecycleState, number | undefined, PlannedWrite[] | string]>([
    [
      'Always patches the run strategy to Halted',
      { vm: vm('Always'), vmi: vmi('Running') },
      undefined,
      [toHalted],
    ],
    [
      'Manual queues a Stop of the VMI',
      { vm: vm('Manual', someStatus), vmi: vmi('Running') },
      undefined,
      [requests(stopVmi)],
    ],
    [
      'RerunOnFailure queues a Stop',
      { vm: vm('RerunOnFailure', someStatus), vmi: vmi('Running') },
      undefined,
      [requests(stopVmi)],
    ],
    [
      'Manual without a VMI refuses',
      { vm: vm('Manual'), vmi: undefined },
      undefined,
      conflict('VM is not running'),
    ],
    [
      'Manual with a finished VMI refuses',
      { vm: vm('Manual'), vmi: vmi('Failed') },
      undefined,
      conflict('VM is not running'),
    ],
    [
      'Halted without a VMI refuses',
      { vm: vm('Halted'), vmi: undefined },
      undefined,
      conflict('VM is not running'),
    ],
    [
      'Halted refuses a stop without a grace period',
      { vm: vm('Halted'), vmi: vmi('Running', 30) },
      undefined,
      conflict('Halted only supports manual stop requests with a shorter graceperiod'),
    ],
    [
      'Halted refuses a grace period that is not shorter',
      { vm: vm('Halted'), vmi: vmi('Running', 30) },
      30,
      conflict('Halted only supports manual stop requests with a shorter graceperiod'),
    ],
  ])('%s', (_name, state, gracePeriod, expected) => {
    expect(outcome(() => decideStop(state, { gracePeriod, dryRun: false }))).toEqual(expected);
  });

  it('force-stops a Halted VM with a shorter grace period: VMI grace first, then a Stop request', () => {
    expect(
      decideStop(
        { vm: vm('Halted', someStatus), vmi: vmi('Running', 30) },
        { gracePeriod: 0, dryRun: false },
      ),
    ).toEqual([
      {
        target: 'vmi',
        patch: [
          { op: 'test', path: '/spec/terminationGracePeriodSeconds', value: 30 },
          { op: 'replace', path: '/spec/terminationGracePeriodSeconds', value: 0 },
        ],
      },
      requests(stopVmi),
    ]);
  });

  it('replaces pending requests with a lone Stop', () => {
    const pending = vm('Manual', { stateChangeRequests: [start] });
    expect(
      decideStop({ vm: pending, vmi: vmi('Running') }, { gracePeriod: undefined, dryRun: false }),
    ).toEqual([
      {
        target: 'vm-status',
        patch: [
          { op: 'test', path: '/status/stateChangeRequests', value: [start] },
          { op: 'replace', path: '/status/stateChangeRequests', value: [stopVmi] },
        ],
      },
    ]);
  });
});

describe('decideRestart', () => {
  it.each<[string, LifecycleState, number | undefined, PlannedWrite[] | string]>([
    [
      'Always queues Stop(uid) and Start',
      { vm: vm('Always', someStatus), vmi: vmi('Running') },
      undefined,
      [requests(stopVmi, start)],
    ],
    [
      'Manual queues Stop(uid) and Start',
      { vm: vm('Manual', someStatus), vmi: vmi('Running') },
      undefined,
      [requests(stopVmi, start)],
    ],
    [
      'Halted refuses',
      { vm: vm('Halted'), vmi: undefined },
      undefined,
      conflict('RunStategy Halted does not support manual restart requests'),
    ],
    [
      'Once refuses',
      { vm: vm('Once'), vmi: vmi('Running') },
      undefined,
      conflict('RunStategy Once does not support manual restart requests'),
    ],
    [
      'no VMI refuses',
      { vm: vm('Always'), vmi: undefined },
      undefined,
      conflict('VM is not running: Halted'),
    ],
    [
      'a positive grace period is a bad request',
      { vm: vm('Always'), vmi: vmi('Running') },
      5,
      '400: For force restart, only gracePeriod=0 is supported for now',
    ],
    [
      'a negative grace period is a bad request',
      { vm: vm('Always'), vmi: vmi('Running') },
      -1,
      '400: gracePeriod has to be greater or equal to 0',
    ],
    [
      'pending requests refuse',
      { vm: vm('Always', { stateChangeRequests: [start] }), vmi: vmi('Running') },
      undefined,
      conflict('unable to complete request: stop/start already underway'),
    ],
  ])('%s', (_name, state, gracePeriodSeconds, expected) => {
    expect(outcome(() => decideRestart(state, { gracePeriodSeconds, dryRun: false }))).toEqual(
      expected,
    );
  });

  it('lowers the VMI grace period to 1 s before a forced restart', () => {
    expect(
      decideRestart(
        { vm: vm('Always', someStatus), vmi: vmi('Running') },
        { gracePeriodSeconds: 0, dryRun: false },
      ),
    ).toEqual([
      {
        target: 'vmi',
        patch: [{ op: 'add', path: '/spec/terminationGracePeriodSeconds', value: 1 }],
      },
      requests(stopVmi, start),
    ]);
  });
});

describe('decideMigrate', () => {
  it('creates a migration of the running VMI with the added node selector', () => {
    expect(
      decideMigrate(
        { vm: vm('Always'), vmi: vmi('Running') },
        { addedNodeSelector: { zone: 'b' }, dryRun: false },
      ),
    ).toEqual([
      {
        target: 'migration',
        object: {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachineInstanceMigration',
          metadata: { generateName: 'kubevirt-migrate-vm-', namespace: 'ns' },
          spec: { vmiName: 'vm1', addedNodeSelector: { zone: 'b' } },
        },
      },
    ]);
  });

  it.each<[string, VirtualMachineInstance | undefined, string]>([
    ['no VMI is a 404', undefined, '404: virtualmachineinstance.kubevirt.io "vm1" not found'],
    ['a VMI that is not Running is a 409', vmi('Scheduled'), conflict('VM is not running')],
  ])('%s', (_name, instance, expected) => {
    expect(
      outcome(() =>
        decideMigrate(
          { vm: vm('Always'), vmi: instance },
          { addedNodeSelector: undefined, dryRun: false },
        ),
      ),
    ).toBe(expected);
  });
});
