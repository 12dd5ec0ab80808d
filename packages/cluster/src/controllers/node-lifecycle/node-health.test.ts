import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { desiredNodeTaints, lastHeartbeat, silentNodeConditions } from './node-health.ts';

const t0 = Date.parse('2025-01-01T00:00:00Z');

function node(conditions: JsonObject[], taints: JsonObject[] = []): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1', creationTimestamp: '2024-12-31T00:00:00Z' },
    spec: { taints },
    status: { conditions },
  };
}

const ready = (status: string, heartbeat = '2025-01-01T00:00:00Z'): JsonObject => ({
  type: 'Ready',
  status,
  reason: 'KubeletReady',
  lastHeartbeatTime: heartbeat,
  lastTransitionTime: '2024-12-31T00:00:00Z',
});

describe('lastHeartbeat', () => {
  const lease = (renewTime: string): KubeObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1' },
    spec: { renewTime },
  });

  it('takes the latest of the Lease renewal, the Ready heartbeat and the controller start', () => {
    const n = node([ready('True', '2025-01-01T00:00:10Z')]);
    expect(lastHeartbeat(n, lease('2025-01-01T00:00:20.500000Z'), 0)).toBe(t0 + 20_500);
    expect(lastHeartbeat(n, undefined, 0)).toBe(t0 + 10_000);
    expect(lastHeartbeat(n, lease('2025-01-01T00:00:05Z'), t0 + 60_000)).toBe(t0 + 60_000);
    expect(lastHeartbeat(node([]), undefined, 0)).toBe(0);
  });
});

describe('silentNodeConditions', () => {
  it('turns Ready Unknown with upstream’s reason, and adds the conditions never posted', () => {
    const changed = silentNodeConditions(node([ready('True')]), t0 + 60_000);
    expect(changed[0]).toEqual({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: '2025-01-01T00:00:00Z',
      lastTransitionTime: '2025-01-01T00:01:00Z',
    });
    expect(changed.slice(1)).toEqual(
      ['MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: '2024-12-31T00:00:00Z',
        lastTransitionTime: '2025-01-01T00:01:00Z',
      })),
    );
  });

  it('changes nothing once every condition is Unknown', () => {
    const unknown = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({
      type,
      status: 'Unknown',
    }));
    expect(silentNodeConditions(node(unknown), t0)).toEqual([]);
  });
});

describe('desiredNodeTaints', () => {
  const user = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };

  it.each([
    ['True', [], []],
    ['False', [], ['node.kubernetes.io/not-ready']],
    ['Unknown', [], ['node.kubernetes.io/unreachable']],
    [
      'Unknown',
      [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
      ['node.kubernetes.io/unreachable'],
    ],
    ['True', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], []],
  ])('Ready %s with taints %j carries the %j taints', (status, taints, keys) => {
    const result = desiredNodeTaints(node([ready(status)], [user, ...taints]), t0);
    expect(result[0]).toEqual(user);
    expect(result.slice(1).map((t) => `${t.key}:${t.effect}`)).toEqual(
      keys.flatMap((k) => [`${k}:NoSchedule`, `${k}:NoExecute`]),
    );
  });

  it('stamps the NoExecute taint when it is added and keeps its time afterwards', () => {
    const fresh = desiredNodeTaints(node([ready('Unknown')]), t0);
    expect(fresh.find((t) => t.effect === 'NoExecute')?.timeAdded).toBe('2025-01-01T00:00:00Z');
    const kept = desiredNodeTaints(
      node(
        [ready('Unknown')],
        [
          {
            key: 'node.kubernetes.io/unreachable',
            effect: 'NoExecute',
            timeAdded: '2024-12-31T12:00:00Z',
          },
        ],
      ),
      t0,
    );
    expect(kept.find((t) => t.effect === 'NoExecute')?.timeAdded).toBe('2024-12-31T12:00:00Z');
    expect(kept.find((t) => t.effect === 'NoSchedule')).not.toHaveProperty('timeAdded');
  });

  it('leaves a node that never reported alone', () => {
    expect(desiredNodeTaints(node([]), t0)).toEqual([]);
  });
});
