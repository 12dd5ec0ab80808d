import { describe, expect, it } from 'vitest';
import {
  DownwardApiError,
  fieldRefValue,
  resourceFieldValue,
  type DownwardContext,
} from './downward-api.ts';

const ctx: DownwardContext = {
  pod: {
    metadata: {
      name: 'p',
      namespace: 'ns',
      uid: 'u',
      labels: { b: '2', a: 'x"y' },
      annotations: { note: 'n' },
    },
    spec: { nodeName: 'node-2' },
  },
  podIP: '127.2.0.2',
  hostIP: '127.0.0.1',
  allocatable: { cpu: 4, memory: 8 * 2 ** 30 },
};

describe('fieldRefValue', () => {
  it.each([
    ['metadata.labels', 'a="x\\"y"\nb="2"'],
    ["metadata.annotations['note']", 'n'],
    ['metadata.uid', 'u'],
    ['spec.nodeName', 'node-2'],
    ['status.hostIP', '127.0.0.1'],
  ])('reads %s', (path, value) => {
    expect(fieldRefValue(ctx, path)).toBe(value);
  });

  it('refuses an unsupported path', () => {
    expect(() => fieldRefValue(ctx, 'spec.containers')).toThrow(DownwardApiError);
  });
});

describe('resourceFieldValue', () => {
  const container = { resources: { limits: { cpu: '1500m' }, requests: { memory: '64Mi' } } };
  it.each([
    [{ resource: 'limits.cpu' }, '2'],
    [{ resource: 'limits.cpu', divisor: '1m' }, '1500'],
    [{ resource: 'requests.memory', divisor: '1Mi' }, '64'],
    [{ resource: 'limits.memory', divisor: '1Gi' }, '8'],
  ])('reads %j as %s', (ref, value) => {
    expect(resourceFieldValue(ctx, container, ref)).toBe(value);
  });
});
