import { describe, expect, it } from 'vitest';
import { conditionSeverity, vmConditionRows, vmiPhaseTransitions } from './vm-conditions.ts';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';

const vm = vmFixture({
  name: 'vm-d',
  conditions: [
    {
      type: 'Ready',
      status: 'False',
      reason: 'VMINotExists',
      message: 'VMI does not exist',
      lastTransitionTime: '2025-01-01T00:00:10Z',
    },
    { type: 'Failure', status: 'True', reason: '', message: '' },
  ],
});
const vmi = vmiFixture({
  name: 'vm-d',
  conditions: [{ type: 'AgentConnected', status: 'True', lastTransitionTime: 'not a time' }],
  phaseTransitionTimestamps: [
    { phase: 'Running', phaseTransitionTimestamp: '2025-01-01T00:00:30Z' },
    { phase: 'Pending', phaseTransitionTimestamp: '2025-01-01T00:00:00Z' },
    { phase: 'Scheduled', phaseTransitionTimestamp: '2025-01-01T00:00:20Z' },
    { phase: 'Scheduling' },
    { phase: '', phaseTransitionTimestamp: '2025-01-01T00:00:05Z' },
  ],
});

describe('vmConditionRows', () => {
  it('lists the VM conditions, then the VMI ones, with times in milliseconds', () => {
    expect(vmConditionRows(vm, vmi)).toEqual([
      {
        key: 'VirtualMachine/Ready',
        object: 'VirtualMachine',
        type: 'Ready',
        status: 'False',
        reason: 'VMINotExists',
        message: 'VMI does not exist',
        lastTransition: Date.parse('2025-01-01T00:00:10Z'),
        severity: 'warning',
      },
      {
        key: 'VirtualMachine/Failure',
        object: 'VirtualMachine',
        type: 'Failure',
        status: 'True',
        reason: undefined,
        message: undefined,
        lastTransition: undefined,
        severity: 'danger',
      },
      {
        key: 'VirtualMachineInstance/AgentConnected',
        object: 'VirtualMachineInstance',
        type: 'AgentConnected',
        status: 'True',
        reason: undefined,
        message: undefined,
        lastTransition: undefined,
        severity: 'info',
      },
    ]);
  });

  it('has only the VM conditions without a VMI', () => {
    expect(vmConditionRows(vm, undefined).map((row) => row.key)).toEqual([
      'VirtualMachine/Ready',
      'VirtualMachine/Failure',
    ]);
  });
});

describe('conditionSeverity', () => {
  it.each([
    ['Ready', 'True', 'ok'],
    ['Ready', 'False', 'warning'],
    ['PodScheduled', 'Unknown', 'warning'],
    ['DataVolumesReady', 'True', 'ok'],
    ['Failure', 'True', 'danger'],
    ['Failure', 'False', 'ok'],
    ['RestartRequired', 'True', 'warning'],
    ['Paused', 'False', 'ok'],
    ['LiveMigratable', 'False', 'info'],
    ['SomethingNew', 'True', 'info'],
  ])('rates %s=%s as %s', (type, status, severity) => {
    expect(conditionSeverity({ type, status })).toBe(severity);
  });
});

describe('vmiPhaseTransitions', () => {
  it('lists the phases oldest first, leaving out entries without a phase or readable time', () => {
    expect(vmiPhaseTransitions(vmi)).toEqual([
      { phase: 'Pending', at: Date.parse('2025-01-01T00:00:00Z') },
      { phase: 'Scheduled', at: Date.parse('2025-01-01T00:00:20Z') },
      { phase: 'Running', at: Date.parse('2025-01-01T00:00:30Z') },
    ]);
  });

  it('is empty without a VMI', () => {
    expect(vmiPhaseTransitions(undefined)).toEqual([]);
  });
});
