import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { needsScheduling } from './scheduler.ts';

function pod(spec: JsonObject, extra: { meta?: JsonObject; status?: JsonObject } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', ...extra.meta },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
    status: extra.status ?? { phase: 'Pending' },
  };
}

describe('needsScheduling', () => {
  it.each([
    ['an unbound pod', pod({}), true],
    ['an unbound pod of default-scheduler', pod({ schedulerName: 'default-scheduler' }), true],
    ['a bound pod', pod({ nodeName: 'node-1' }), false],
    ['a pod of another scheduler', pod({ schedulerName: 'other' }), false],
    ['a gated pod', pod({ schedulingGates: [{ name: 'example.com/wait' }] }), false],
    [
      'a pod being deleted',
      pod({}, { meta: { deletionTimestamp: '2025-01-01T00:00:00Z' } }),
      false,
    ],
    ['a failed pod', pod({}, { status: { phase: 'Failed' } }), false],
  ])('%s: %s', (_name, p, expected) => {
    expect(needsScheduling(p)).toBe(expected);
  });
});
