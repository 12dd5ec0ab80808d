import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { VirtualMachineInstance, VirtualMachineInstancePhase } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { heartbeatVerdict, vmisToFail, type HeartbeatVerdict } from './heartbeat-verdict.ts';

const now = Date.parse('2026-01-01T01:00:00Z');
const timeoutMs = 5 * 60_000;

function node(heartbeat: string | undefined, schedulable?: string): V1Node {
  return {
    metadata: {
      name: 'node-1',
      ...(heartbeat === undefined ? {} : { annotations: { 'kubevirt.io/heartbeat': heartbeat } }),
      ...(schedulable === undefined ? {} : { labels: { 'kubevirt.io/schedulable': schedulable } }),
    },
  };
}

describe('heartbeatVerdict', () => {
  it.each<[string, V1Node, HeartbeatVerdict]>([
    ['a node no handler ever claimed is left alone', node(undefined), { state: 'unmanaged' }],
    [
      'a recent heartbeat is fresh until it expires',
      node('2026-01-01T00:59:00Z', 'true'),
      { state: 'fresh', staleInMs: 240_000 },
    ],
    [
      'a heartbeat older than the timeout is stale',
      node('2026-01-01T00:54:59Z', 'true'),
      { state: 'stale' },
    ],
    ['exactly the timeout is stale', node('2026-01-01T00:55:00Z', 'true'), { state: 'stale' }],
    [
      'a schedulable node without a heartbeat is stale',
      node(undefined, 'true'),
      { state: 'stale' },
    ],
    ['an unreadable heartbeat is stale', node('yesterday', 'false'), { state: 'stale' }],
    [
      'a handler marked unschedulable on stop is still judged by its beat',
      node('2026-01-01T00:59:30Z', 'false'),
      { state: 'fresh', staleInMs: 270_000 },
    ],
  ])('%s', (_, subject, expected) => {
    expect(heartbeatVerdict(subject, now, timeoutMs)).toEqual(expected);
  });
});

function vmi(name: string, phase: VirtualMachineInstancePhase): VirtualMachineInstance {
  return { metadata: { name, uid: name }, spec: { domain: { devices: {} } }, status: { phase } };
}

function pod(phase: string, nodeName = 'node-1', deleting = false): V1Pod {
  return {
    metadata: deleting ? { deletionTimestamp: new Date(now) } : {},
    spec: { containers: [], nodeName },
    status: { phase },
  };
}

describe('vmisToFail', () => {
  it.each<[string, VirtualMachineInstancePhase, V1Pod[], boolean]>([
    ['a running VMI whose pod is gone', 'Running', [], true],
    ['a running VMI whose pod failed', 'Running', [pod('Failed')], true],
    [
      'a scheduled VMI whose only pod is on another node',
      'Scheduled',
      [pod('Running', 'node-2')],
      true,
    ],
    ['not a VMI whose pod still runs', 'Running', [pod('Running')], false],
    [
      'not a VMI whose pod is stuck terminating',
      'Running',
      [pod('Running', 'node-1', true)],
      false,
    ],
    ['not a VMI that is already final', 'Succeeded', [], false],
  ])('fails %s', (_, phase, pods, fails) => {
    const subject = vmi('a', phase);
    expect(vmisToFail('node-1', [subject], () => pods)).toEqual(fails ? [subject] : []);
  });
});
