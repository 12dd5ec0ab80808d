import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { checkUnpauseVm, checkVmiAction, type VmiAction } from './check-vmi-action.ts';

function vmi(
  phase: string,
  extra: { conditions?: { type: string; status: string }[]; spec?: Record<string, unknown> } = {},
): VirtualMachineInstance {
  const object: unknown = {
    metadata: { name: 'vm1', namespace: 'ns' },
    spec: { domain: { devices: {} }, ...extra.spec },
    status: { phase, conditions: extra.conditions ?? [] },
  };
  return object as VirtualMachineInstance;
}

const paused = { conditions: [{ type: 'Paused', status: 'True' }] };
const agent = { conditions: [{ type: 'AgentConnected', status: 'True' }] };
const conflict = (cause: string): string =>
  `409: Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "vm1": ${cause}`;

describe('checkVmiAction', () => {
  it.each<[VmiAction, VirtualMachineInstance, string | undefined]>([
    ['pause', vmi('Running'), undefined],
    ['pause', vmi('Scheduled'), conflict('VM is not running')],
    ['pause', vmi('Running', paused), conflict('VMI is already paused')],
    [
      'pause',
      vmi('Running', { spec: { livenessProbe: { tcpSocket: { port: 22 } } } }),
      '403: virtualmachineinstance.kubevirt.io "vm1" is forbidden: Pausing VMIs with a non-GuestAgentPing LivenessProbe is not supported',
    ],
    ['pause', vmi('Running', { spec: { livenessProbe: { guestAgentPing: {} } } }), undefined],
    ['unpause', vmi('Running', paused), undefined],
    ['unpause', vmi('Running'), conflict('VMI is not paused')],
    ['unpause', vmi('Succeeded'), conflict('VMI is not running')],
    ['softreboot', vmi('Running'), undefined],
    ['softreboot', vmi('Pending'), conflict('VM is not running')],
    ['softreboot', vmi('Running', paused), conflict('VMI is paused')],
    [
      'softreboot',
      vmi('Running', { spec: { domain: { devices: {}, features: { acpi: { enabled: false } } } } }),
      conflict('VMI neither have the agent connected nor the ACPI feature enabled'),
    ],
    ['reset', vmi('Running'), undefined],
    [
      'reset',
      vmi('Scheduling'),
      '400: Failed to reset non-running VMI with phase Scheduling: Unable to connect to VirtualMachineInstance because phase is Scheduling instead of Running',
    ],
    ['guestosinfo', vmi('Running', agent), undefined],
    ['guestosinfo', vmi('Running'), conflict('VMI does not have guest agent connected')],
    ['guestosinfo', vmi('Failed'), conflict('VMI is not running')],
    ['console', vmi('Running'), undefined],
    ['console', vmi('Scheduled'), '400: VMI is not running'],
    ['console', vmi('Failed'), conflict('VMI is in failed status')],
    [
      'console',
      vmi('Running', { spec: { domain: { devices: { autoattachSerialConsole: false } } } }),
      '400: No serial consoles are present.',
    ],
    ['vnc', vmi('Running'), undefined],
    ['spice', vmi('Pending'), '400: VMI is not running'],
    [
      'vnc/screenshot',
      vmi('Running', { spec: { domain: { devices: { autoattachGraphicsDevice: false } } } }),
      '400: No graphics devices are present.',
    ],
  ])('%s on %j', (action, instance, expected) => {
    const refused = checkVmiAction(action, instance);
    expect(refused === undefined ? undefined : `${refused.code}: ${refused.message}`).toBe(
      expected,
    );
  });

  it('refuses to unpause while the VM of the same name is being snapshotted', () => {
    const vm = {
      metadata: { name: 'vm1' },
      spec: { template: {} },
      status: { snapshotInProgress: 'snap-1' },
    } as unknown as VirtualMachine;
    expect(checkUnpauseVm(vm)?.message).toBe(
      'Operation cannot be fulfilled on virtualmachine.kubevirt.io "vm1": VM snapshot is in progress',
    );
    expect(checkUnpauseVm(undefined)).toBeUndefined();
  });
});
