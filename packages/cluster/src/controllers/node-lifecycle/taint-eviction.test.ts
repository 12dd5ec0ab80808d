import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import type { Taint } from '../scheduler/tolerates-taint.ts';
import { evictionTime } from './taint-eviction.ts';

const t0 = Date.parse('2025-01-01T00:00:00Z');
const unreachable: Taint = {
  key: 'node.kubernetes.io/unreachable',
  value: '',
  effect: 'NoExecute',
  timeAdded: '2025-01-01T00:00:00Z',
};
const custom: Taint = { key: 'maintenance', value: '', effect: 'NoExecute' };

function pod(tolerations: JsonObject[] = [], created = '2024-12-31T00:00:00Z'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: created },
    spec: { tolerations },
  };
}

const options = { defaultTolerationSeconds: 300, taintedSince: t0 + 5_000 };

describe('evictionTime', () => {
  it.each<[string, KubeObject, Taint[], number | undefined]>([
    ['no NoExecute taint', pod(), [{ ...unreachable, effect: 'NoSchedule' }], undefined],
    ['the default toleration of unreachable', pod(), [unreachable], t0 + 300_000],
    [
      'its own toleration seconds',
      pod([
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 30,
        },
      ]),
      [unreachable],
      t0 + 30_000,
    ],
    [
      'a toleration without a time limit',
      pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]),
      [unreachable],
      undefined,
    ],
    ['an untolerated taint', pod(), [unreachable, custom], 0],
    [
      'the smallest limit among the taints, counted from the earliest taint (or the controller start)',
      pod([{ key: 'maintenance', operator: 'Exists', tolerationSeconds: 600 }]),
      [unreachable, custom],
      t0 + 300_000,
    ],
    [
      'a time from the controller start when the taint has none',
      pod([{ key: 'maintenance', operator: 'Exists', tolerationSeconds: 10 }]),
      [custom],
      t0 + 15_000,
    ],
    ['a pod created after the taint', pod([], '2025-01-01T00:01:00Z'), [unreachable], t0 + 360_000],
  ])('%s', (_name, p, taints, expected) => {
    expect(evictionTime(p, taints, options)).toBe(expected);
  });
});
