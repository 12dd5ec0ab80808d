import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../json.ts';
import { StatusError } from '../status-error.ts';
import { budgetViolationMessage, decideDisruptionBudget } from './disruption-budget.ts';

const now = Date.parse('2025-01-01T00:00:00Z');

function pod(name: string, extra: { ready?: boolean; phase?: string; deleting?: boolean } = {}) {
  const metadata: JsonObject = { name, namespace: 'ns', labels: { app: 'web' } };
  if (extra.deleting === true) metadata['deletionTimestamp'] = '2025-01-01T00:00:00Z';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    status: {
      phase: extra.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }],
    },
  } satisfies KubeObject;
}

function budget(name: string, spec: JsonObject, status?: JsonObject): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'ns', generation: 1 },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    ...(status === undefined ? {} : { status }),
  };
}

const current = (allowed: number): JsonObject => ({
  observedGeneration: 1,
  disruptionsAllowed: allowed,
  currentHealthy: 2,
  desiredHealthy: 2,
  expectedPods: 2,
});

function failure(run: () => unknown): StatusError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

describe('decideDisruptionBudget', () => {
  it.each([
    ['no budget exists', pod('a'), []],
    [
      'the budget selects other pods',
      pod('a'),
      [budget('b', { selector: { matchLabels: { x: 'y' } } }, current(0))],
    ],
    ['the budget has a null selector', pod('a'), [budget('b', { selector: null }, current(0))]],
    ['the pod is Pending', pod('a', { phase: 'Pending' }), [budget('b', {}, current(0))]],
    ['the pod Succeeded', pod('a', { phase: 'Succeeded' }), [budget('b', {}, current(0))]],
    ['the pod is already deleting', pod('a', { deleting: true }), [budget('b', {}, current(0))]],
    [
      'the pod is unhealthy and the policy is AlwaysAllow',
      pod('a', { ready: false }),
      [budget('b', { unhealthyPodEvictionPolicy: 'AlwaysAllow' }, current(0))],
    ],
  ])('leaves the eviction unguarded when %s', (_case, target, budgets) => {
    expect(decideDisruptionBudget({ pod: target, budgets, pods: [target], now })).toEqual({
      kind: 'unguarded',
    });
  });

  it('uses one disruption of a current budget and records the pod', () => {
    const pdb = budget('b', { minAvailable: 1 }, current(1));
    const decision = decideDisruptionBudget({ pod: pod('a'), budgets: [pdb], pods: [], now });
    expect(decision.kind).toBe('allowed');
    expect(decision.kind === 'allowed' ? decision.updated['status'] : undefined).toMatchObject({
      disruptionsAllowed: 0,
      disruptedPods: { a: '2025-01-01T00:00:00Z' },
    });
  });

  it('answers 429 with the DisruptionBudget cause when no disruption is allowed', () => {
    const pdb = budget('b', { minAvailable: 2 }, current(0));
    const error = failure(() =>
      decideDisruptionBudget({ pod: pod('a'), budgets: [pdb], pods: [], now }),
    );
    expect(error.toStatus()).toMatchObject({
      code: 429,
      reason: 'TooManyRequests',
      message: budgetViolationMessage,
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget b needs 2 healthy pods and has 2 currently',
          },
        ],
      },
    });
  });

  it.each([
    ['minAvailable 2 of 2 ready pods', { minAvailable: 2 }, [pod('a'), pod('c')], 429],
    ['minAvailable 1 of 2 ready pods', { minAvailable: 1 }, [pod('a'), pod('c')], 'allowed'],
    ['minAvailable 50% of 2 ready pods', { minAvailable: '50%' }, [pod('a'), pod('c')], 'allowed'],
    ['maxUnavailable 0', { maxUnavailable: 0 }, [pod('a'), pod('c')], 429],
    [
      'maxUnavailable 1, one pod already going',
      { maxUnavailable: 1 },
      [pod('a'), pod('c', { deleting: true })],
      429,
    ],
    ['maxUnavailable 1 of 2 ready pods', { maxUnavailable: 1 }, [pod('a'), pod('c')], 'allowed'],
  ])('computes a budget without a current status from the pods: %s', (_case, spec, pods, want) => {
    const pdb = budget('b', spec);
    const run = () => decideDisruptionBudget({ pod: pod('a'), budgets: [pdb], pods, now });
    if (want === 429) expect(failure(run).code).toBe(429);
    else expect(run()).toEqual({ kind: 'allowed-computed', budget: pdb });
  });

  it('refuses a pod guarded by two budgets with a 500', () => {
    const error = failure(() =>
      decideDisruptionBudget({
        pod: pod('a'),
        budgets: [budget('b', {}, current(1)), budget('c', {}, current(1))],
        pods: [],
        now,
      }),
    );
    expect(error.code).toBe(500);
    expect(error.message).toContain('more than one PodDisruptionBudget');
  });

  it('refuses a budget with negative disruptions with a 403', () => {
    const error = failure(() =>
      decideDisruptionBudget({
        pod: pod('a'),
        budgets: [budget('b', {}, current(-1))],
        pods: [],
        now,
      }),
    );
    expect(error.code).toBe(403);
  });
});
