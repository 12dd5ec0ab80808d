import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { QuantityError } from './parse-quantity.ts';
import { podRequests } from './pod-requests.ts';

const Mi = 2 ** 20 * 1000;

function pod(spec: JsonObject): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
}

const container = (
  requests?: JsonObject,
  limits?: JsonObject,
  extra: JsonObject = {},
): JsonObject => ({
  name: 'c',
  image: 'busybox',
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
  ...extra,
});

describe('podRequests', () => {
  it('sums the containers and adds the overhead', () => {
    const p = pod({
      containers: [container({ cpu: '100m', memory: '64Mi' }), container({ cpu: '250m' })],
      overhead: { cpu: '10m' },
    });
    expect(Object.fromEntries(podRequests(p))).toEqual({ cpu: 360, memory: 64 * Mi });
  });

  it('takes a limit as the request of a resource with no request', () => {
    const p = pod({ containers: [container({ cpu: '100m' }, { cpu: '1', memory: '1Gi' })] });
    expect(Object.fromEntries(podRequests(p))).toEqual({ cpu: 100, memory: 1024 * Mi });
  });

  it('counts the largest init container when it needs more than the containers, sidecars included', () => {
    const p = pod({
      initContainers: [
        container({ cpu: '200m' }, undefined, { restartPolicy: 'Always' }),
        container({ cpu: '1', memory: '10Mi' }),
      ],
      containers: [container({ cpu: '500m', memory: '100Mi' })],
    });
    expect(Object.fromEntries(podRequests(p))).toEqual({ cpu: 1200, memory: 100 * Mi });
  });

  it('counts upstream defaults for containers without cpu or memory when asked (scoring)', () => {
    const p = pod({ containers: [container(), container({ cpu: '1' })] });
    expect(Object.fromEntries(podRequests(p))).toEqual({ cpu: 1000 });
    expect(Object.fromEntries(podRequests(p, { nonZero: true }))).toEqual({
      cpu: 1100,
      memory: 400 * Mi,
    });
  });

  it('names the field of a malformed quantity', () => {
    const p = pod({ containers: [container(), container({ memory: 'lots' })] });
    expect(() => podRequests(p)).toThrow(QuantityError);
    expect(() => podRequests(p)).toThrow(
      /^spec\.containers\[1\]\.resources\.requests\.memory: Invalid value: "lots": quantities must match/,
    );
  });
});
