import type {
  VirtualMachineInstance,
  VirtualMachineInstanceCondition,
  VirtualMachineInstancePhase,
} from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import type { DomainState, DomainStatus } from '../protocol/v1/index.ts';
import {
  desiredHandlerStatus,
  phaseFromDomain,
  softwareEmulationCondition,
  vmiStatusFromDomain,
  type LauncherObservation,
} from './vmi-status-from-domain.ts';

const now = '2030-01-02T03:04:05Z';
const earlier = '2030-01-01T00:00:00Z';

function vmi(
  phase: VirtualMachineInstancePhase | undefined,
  change: (v: VirtualMachineInstance) => void = () => undefined,
): VirtualMachineInstance {
  const v: VirtualMachineInstance = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm1', namespace: 'default', uid: 'u1', resourceVersion: '7' },
    spec: { domain: { devices: {} } },
    status: {
      ...(phase === undefined ? {} : { phase }),
      phaseTransitionTimestamps: [{ phase: 'Scheduled', phaseTransitionTimestamp: earlier }],
    },
  };
  change(v);
  return v;
}

function domain(state: DomainState, reason = '', accel: 'kvm' | 'tcg' = 'kvm'): DomainStatus {
  return { name: 'default_vm1', state, reason, accel };
}

const withoutAcpi = (v: VirtualMachineInstance): void => {
  v.spec.domain.features = { acpi: { enabled: false } };
};

describe('phaseFromDomain', () => {
  it.each<[string, VirtualMachineInstance, LauncherObservation, string, string?]>([
    ['a running domain', vmi('Scheduled'), { domain: domain('Running', 'Booted') }, 'Running'],
    ['a paused domain', vmi('Scheduled'), { domain: domain('Paused', 'User') }, 'Running'],
    ['a blocked domain', vmi('Running'), { domain: domain('Blocked') }, 'Running'],
    ['a domain shutting down', vmi('Running'), { domain: domain('Shutdown') }, 'Running'],
    [
      'a clean guest shutdown',
      vmi('Running'),
      { domain: domain('Shutoff', 'Shutdown') },
      'Succeeded',
    ],
    ['QEMU killed', vmi('Running'), { domain: domain('Shutoff', 'Failed') }, 'Failed'],
    ['a crash', vmi('Running'), { domain: domain('Shutoff', 'Crashed') }, 'Failed'],
    ['a panic', vmi('Running'), { domain: domain('Crashed', 'Panicked') }, 'Failed'],
    [
      'a destroy after the grace period',
      vmi('Running'),
      { domain: domain('Shutoff', 'Destroyed') },
      'Failed',
    ],
    [
      'a destroy without ACPI',
      vmi('Running', withoutAcpi),
      { domain: domain('Shutoff', 'Destroyed') },
      'Succeeded',
    ],
    ['an unknown shutoff reason', vmi('Running'), { domain: domain('Shutoff', 'Weird') }, 'Failed'],
    ['no news yet', vmi('Scheduled'), { domain: undefined }, 'Scheduled'],
    ['a defined, not started domain', vmi('Scheduled'), { domain: domain('Pending') }, 'Scheduled'],
    ['no domain at all', vmi('Running'), { domain: null }, 'Running'],
    [
      'an unresponsive launcher',
      vmi('Running'),
      { domain: domain('Running'), unresponsive: true },
      'Failed',
      'LauncherUnresponsive',
    ],
    [
      'a final VMI, whatever the launcher says',
      vmi('Succeeded'),
      { domain: domain('Running') },
      'Succeeded',
    ],
    [
      'a failed VMI, even if unresponsive',
      vmi('Failed'),
      { domain: null, unresponsive: true },
      'Failed',
    ],
  ])('maps %s', (_what, input, observation, ...expected) => {
    const [phase, reason] = expected;
    const result = phaseFromDomain(input, observation);
    expect(result.phase).toBe(phase);
    expect(result.reason).toBe(reason);
  });

  it('reports the clean shutdown of an unresponsive launcher as Succeeded', () => {
    const result = phaseFromDomain(vmi('Running'), {
      domain: domain('Shutoff', 'Shutdown'),
      unresponsive: true,
    });
    expect(result).toEqual({ phase: 'Succeeded' });
  });
});

const byType = (conditions: VirtualMachineInstanceCondition[] | undefined, type: string) =>
  conditions?.find((c) => c.type === type);

describe('desiredHandlerStatus', () => {
  it('sets Running with Ready, LiveMigratable, SoftwareEmulation, interfaces and a transition time', () => {
    const status = desiredHandlerStatus(
      vmi('Scheduled'),
      { domain: domain('Running', 'Booted', 'tcg'), podIp: '10.1.2.3' },
      now,
    );
    expect(status.phase).toBe('Running');
    expect(byType(status.conditions, 'Ready')).toEqual({
      type: 'Ready',
      status: 'True',
      lastTransitionTime: now,
    });
    expect(byType(status.conditions, 'LiveMigratable')?.status).toBe('True');
    expect(byType(status.conditions, 'SoftwareEmulation')).toMatchObject({
      status: 'True',
      reason: softwareEmulationCondition.reason,
    });
    expect(status.interfaces).toEqual([
      { name: 'default', infoSource: 'domain', ipAddress: '10.1.2.3', ipAddresses: ['10.1.2.3'] },
    ]);
    expect(status.phaseTransitionTimestamps).toEqual([
      { phase: 'Scheduled', phaseTransitionTimestamp: earlier },
      { phase: 'Running', phaseTransitionTimestamp: now },
    ]);
  });

  it('has no SoftwareEmulation condition under KVM', () => {
    const status = desiredHandlerStatus(vmi('Scheduled'), { domain: domain('Running') }, now);
    expect(byType(status.conditions, 'SoftwareEmulation')).toBeUndefined();
  });

  it.each([
    ['User', 'PausedByUser'],
    ['Paused', 'PausedByUser'],
    ['I/O Error', 'PausedIOError'],
    ['Watchdog', 'Paused'],
  ])('marks a domain paused for %s with Paused=%s and Ready=False', (reason, conditionReason) => {
    const status = desiredHandlerStatus(vmi('Running'), { domain: domain('Paused', reason) }, now);
    expect(byType(status.conditions, 'Paused')).toMatchObject({
      status: 'True',
      reason: conditionReason,
    });
    expect(byType(status.conditions, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'GuestNotRunning',
    });
  });

  it('reports a failed Sync as Synchronized=False with its message', () => {
    const status = desiredHandlerStatus(
      vmi('Scheduled'),
      { domain: undefined, syncError: "image 'nope' not found" },
      now,
    );
    expect(status.phase).toBe('Scheduled');
    expect(byType(status.conditions, 'Synchronized')).toMatchObject({
      status: 'False',
      reason: 'SyncFailed',
      message: "image 'nope' not found",
    });
    expect(byType(status.conditions, 'Ready')?.status).toBe('False');
  });

  it('keeps the controller’s conditions and the transition time of an unchanged condition', () => {
    const input = vmi('Running', (v) => {
      v.status = {
        ...v.status,
        conditions: [
          { type: 'PodScheduled', status: 'True', lastTransitionTime: earlier },
          { type: 'Ready', status: 'True', lastTransitionTime: earlier },
          { type: 'Paused', status: 'True', reason: 'PausedByUser', lastTransitionTime: earlier },
        ],
      };
    });
    const status = desiredHandlerStatus(input, { domain: domain('Running') }, now);
    expect(status.conditions?.map((c) => c.type)).toEqual([
      'PodScheduled',
      'Ready',
      'LiveMigratable',
    ]);
    expect(byType(status.conditions, 'Ready')?.lastTransitionTime).toBe(earlier);
    expect(byType(status.conditions, 'PodScheduled')?.lastTransitionTime).toBe(earlier);
  });

  it('adds the guest agent’s OS info, AgentConnected and interface name', () => {
    const input = vmi('Running', (v) => {
      v.spec.domain.devices.interfaces = [
        { name: 'default', masquerade: {}, macAddress: '02:AA:bb:cc:dd:ee' },
      ];
      v.spec.networks = [{ name: 'default', pod: {} }];
    });
    const status = desiredHandlerStatus(
      input,
      {
        domain: domain('Running'),
        podIp: '10.0.0.9',
        guestInfo: {
          os: { name: 'Debian GNU/Linux', versionId: '12' },
          interfaces: [
            { mac: '02:aa:bb:cc:dd:ee', interfaceName: 'enp1s0', ipAddress: '10.0.2.2' },
          ],
        },
      },
      now,
    );
    expect(status.guestOSInfo).toEqual({ name: 'Debian GNU/Linux', versionId: '12' });
    expect(byType(status.conditions, 'AgentConnected')?.status).toBe('True');
    expect(status.interfaces).toEqual([
      {
        name: 'default',
        mac: '02:aa:bb:cc:dd:ee',
        interfaceName: 'enp1s0',
        infoSource: 'domain, guest-agent',
        ipAddress: '10.0.0.9',
        ipAddresses: ['10.0.0.9'],
      },
    ]);
  });

  it('says why a bridge on the pod network blocks live migration', () => {
    const input = vmi('Running', (v) => {
      v.spec.domain.devices.interfaces = [{ name: 'default', bridge: {} }];
      v.spec.networks = [{ name: 'default', pod: {} }];
    });
    const status = desiredHandlerStatus(input, { domain: domain('Running') }, now);
    expect(byType(status.conditions, 'LiveMigratable')).toMatchObject({
      status: 'False',
      reason: 'InterfaceNotLiveMigratable',
    });
  });

  it('sets Failed with the LauncherUnresponsive reason and Ready=False', () => {
    const status = desiredHandlerStatus(
      vmi('Running'),
      { domain: domain('Running'), unresponsive: true },
      now,
    );
    expect(status).toMatchObject({ phase: 'Failed', reason: 'LauncherUnresponsive' });
    expect(byType(status.conditions, 'Ready')).toMatchObject({
      status: 'False',
      message: 'the guest is not running',
    });
    expect(byType(status.conditions, 'LiveMigratable')).toBeUndefined();
  });
});

describe('vmiStatusFromDomain', () => {
  it('patches only what changed', () => {
    const first = vmi('Scheduled');
    const observation: LauncherObservation = { domain: domain('Running', 'Booted', 'tcg') };
    const patch = vmiStatusFromDomain(first, observation, now);
    expect(patch).toMatchObject({ phase: 'Running' });
    expect(patch).not.toHaveProperty('guestOSInfo');

    const applied: VirtualMachineInstance = { ...first, status: { ...first.status, ...patch } };
    expect(vmiStatusFromDomain(applied, observation, '2031-01-01T00:00:00Z')).toBeUndefined();
  });

  it('ignores the order of conditions another writer chose', () => {
    const first = vmi('Scheduled');
    const observation: LauncherObservation = { domain: domain('Running') };
    const patch = vmiStatusFromDomain(first, observation, now);
    const reordered = [...(patch?.conditions ?? [])].reverse();
    const applied: VirtualMachineInstance = {
      ...first,
      status: { ...first.status, ...patch, conditions: reordered },
    };
    expect(vmiStatusFromDomain(applied, observation, now)).toBeUndefined();
  });

  it('writes a phase change with its transition time', () => {
    const running = vmi('Running', (v) => {
      v.status = { ...v.status, conditions: [{ type: 'Ready', status: 'True' }] };
    });
    const patch = vmiStatusFromDomain(running, { domain: domain('Shutoff', 'Shutdown') }, now);
    expect(patch?.phase).toBe('Succeeded');
    expect(patch?.phaseTransitionTimestamps?.at(-1)).toEqual({
      phase: 'Succeeded',
      phaseTransitionTimestamp: now,
    });
  });
});
