import type { VirtualMachineInstance, VirtualMachineInstanceMigrationState } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { outcomePatch, startPatch, takeoverPatch } from './migration-patches.ts';

const now = '2026-01-01T00:01:00Z';
const state: VirtualMachineInstanceMigrationState = { migrationUid: 'm', targetNode: 'node2' };

describe('startPatch', () => {
  it.each([
    [
      'writes the start and PreCopy when no mode is set',
      {},
      { startTimestamp: now, mode: 'PreCopy' },
    ],
    ['keeps the controller’s mode', { mode: 'PostCopy' }, { startTimestamp: now }],
  ])('%s', (_name, more, expected) => {
    expect(startPatch({ ...state, ...more }, now)).toEqual({
      status: { migrationState: expected },
    });
  });
});

describe('outcomePatch', () => {
  it.each([
    ['success', {}, { succeeded: true }, { completed: true, endTimestamp: now }],
    [
      'failure with the launcher’s reason',
      {},
      { succeeded: false, reason: 'target unreachable' },
      { failed: true, failureReason: 'target unreachable', endTimestamp: now },
    ],
    [
      'an aborted migration',
      { abortRequested: true },
      { succeeded: false, reason: 'operation aborted' },
      {
        failed: true,
        failureReason: 'Live migration aborted',
        endTimestamp: now,
        abortStatus: 'Succeeded',
      },
    ],
    [
      'a migration that completed before the abort took',
      { abortRequested: true },
      { succeeded: true },
      { completed: true, endTimestamp: now, abortStatus: 'Failed' },
    ],
  ] as const)('%s', (_name, more, outcome, expected) => {
    expect(outcomePatch({ ...state, ...more }, outcome, now)).toEqual({
      status: { migrationState: expected },
    });
  });
});

describe('takeoverPatch', () => {
  const vmi = {
    metadata: { name: 'vm', namespace: 'default' },
    spec: { domain: { devices: {} } },
    status: { nodeName: 'node1', migrationState: { ...state, endTimestamp: 'earlier' } },
  } as VirtualMachineInstance;

  it('removes pods left from an earlier stay on the target node from activePods', () => {
    const back = {
      ...vmi,
      status: {
        ...vmi.status,
        activePods: { 'pod-a': 'node2', 'pod-s': 'node1', 'pod-b': 'node2' },
      },
    } as VirtualMachineInstance;
    const patch = takeoverPatch({ vmi: back, node: 'node2', podUid: 'pod-b', interfaces: [], now });
    expect(patch.status.activePods).toEqual({ 'pod-a': null, 'pod-b': 'node2' });
  });

  it('moves the VMI to the target node, its labels, pod and interfaces', () => {
    const interfaces = [{ name: 'default', ipAddress: '10.88.0.9' }];
    expect(takeoverPatch({ vmi, node: 'node2', podUid: 'pod-b', interfaces, now })).toEqual({
      metadata: {
        labels: { 'kubevirt.io/nodeName': 'node2', 'kubevirt.io/migrationTargetNodeName': null },
      },
      status: {
        nodeName: 'node2',
        activePods: { 'pod-b': 'node2' },
        interfaces,
        migrationState: { targetNodeDomainDetected: true, targetNodeDomainReadyTimestamp: now },
      },
    });
  });

  it('writes the end time when the source wrote none', () => {
    const bare = { ...vmi, status: { migrationState: state } };
    const patch = takeoverPatch({ vmi: bare, node: 'node2', podUid: 'p', interfaces: [], now });
    expect(patch.status.migrationState.endTimestamp).toBe(now);
  });
});
