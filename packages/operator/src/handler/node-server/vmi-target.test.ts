import type { VirtualMachineInstance } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { launcherPodUidOn } from './vmi-target.ts';

/** A VMI in mid-migration: pod-a on node1 (source), pod-b on node2 (target). */
function migrating(runsOn: string | undefined): VirtualMachineInstance {
  return {
    metadata: { name: 'vm', namespace: 'default' },
    spec: { domain: { devices: {} } },
    status: {
      phase: 'Running',
      ...(runsOn === undefined ? {} : { nodeName: runsOn }),
      activePods: { 'pod-a': 'node1', 'pod-b': 'node2' },
    },
  };
}

describe('launcherPodUidOn', () => {
  it.each([
    ['the source pod while the source runs it', 'node1', 'node1', 'pod-a'],
    ['no pod on the target before the takeover', 'node1', 'node2', undefined],
    ['the target pod after the takeover', 'node2', 'node2', 'pod-b'],
    ['no pod on the source after the takeover', 'node2', 'node1', undefined],
    ['the pod on the node when no node is recorded yet', undefined, 'node2', 'pod-b'],
  ])('%s', (_name, runsOn, node, uid) => {
    expect(launcherPodUidOn(migrating(runsOn), node)).toBe(uid);
  });
});
