import type { V1Pod } from '@kubernetes/client-node';
import type { VirtualMachineInstancePhase } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { mirrorPodScheduled, phaseTransition, planVmi, type VmiPlanInput } from './plan-vmi.ts';
import { testPod, testVmi, type PodState } from './test-vmi.ts';

const now = new Date('2026-01-01T00:10:00.000Z');

function input(
  phase: VirtualMachineInstancePhase | undefined,
  pods: readonly PodState[],
  extra: Partial<VmiPlanInput> & { deleting?: boolean } = {},
): VmiPlanInput {
  const { deleting, ...rest } = extra;
  const vmi = testVmi({
    ...(deleting === true ? { metadata: { deletionTimestamp: '2026-01-01T00:09:00Z' } } : {}),
    ...(phase === undefined ? {} : { status: { phase } }),
  });
  return {
    vmi,
    pods: pods.map((state, i) => testPod(state, `pod-${String(i)}`)),
    awaitingPod: false,
    now,
    handlerGraceMs: 10_000,
    ...rest,
  };
}

describe('planVmi moves the phase the controller owns', () => {
  it.each<[string, VirtualMachineInstancePhase | undefined, PodState[], string | undefined]>([
    ['a new VMI without a pod is Pending', undefined, [], 'Pending'],
    ['a Pending VMI whose pod exists is Scheduling', 'Pending', ['pending'], 'Scheduling'],
    ['a new VMI whose pod already exists is Scheduling', '', ['scheduled'], 'Scheduling'],
    ['a Pending VMI whose pod already failed is Failed', 'Pending', ['failed'], 'Failed'],
    ['Scheduling waits while the pod is pending', 'Scheduling', ['scheduled'], undefined],
    ['Scheduling becomes Scheduled once compute runs', 'Scheduling', ['running'], 'Scheduled'],
    ['Scheduling fails when the pod is lost', 'Scheduling', [], 'Failed'],
    ['Scheduling fails when compute exits', 'Scheduling', ['computeExited'], 'Failed'],
    ['Scheduling fails when the pod is being deleted', 'Scheduling', ['deleting'], 'Failed'],
    ['Scheduled is left to the handler while the pod runs', 'Scheduled', ['running'], undefined],
    ['Running fails when its pod is gone', 'Running', [], 'Failed'],
    ['Scheduled fails when its pod is gone', 'Scheduled', [], 'Failed'],
    ['Running waits for a terminating pod', 'Running', ['deleting'], undefined],
    ['a final VMI is never moved', 'Succeeded', ['running'], undefined],
  ])('%s', (_, phase, pods, expected) => {
    expect(planVmi(input(phase, pods)).status?.phase).toBe(expected);
  });

  it('records when each phase began, keeping earlier transitions', () => {
    const vmi = testVmi({
      status: {
        phase: 'Pending',
        phaseTransitionTimestamps: [
          { phase: 'Pending', phaseTransitionTimestamp: '2026-01-01T00:00:01Z' },
        ],
      },
    });
    expect(phaseTransition(vmi, 'Scheduling', now).phaseTransitionTimestamps).toEqual([
      { phase: 'Pending', phaseTransitionTimestamp: '2026-01-01T00:00:01Z' },
      { phase: 'Scheduling', phaseTransitionTimestamp: '2026-01-01T00:10:00.000Z' },
    ]);
  });

  it('hands a Scheduled VMI over with its node, label, active pod and QoS class', () => {
    const plan = planVmi(input('Scheduling', ['running']));
    expect(plan.nodeNameLabel).toBe('node-1');
    expect(plan.status).toMatchObject({
      phase: 'Scheduled',
      nodeName: 'node-1',
      activePods: { 'pod-0': 'node-1' },
      qosClass: 'Burstable',
    });
  });

  it('records the active pod once it is bound, while still Scheduling', () => {
    expect(planVmi(input('Scheduling', ['scheduled'])).status).toEqual({
      activePods: { 'pod-0': 'node-1' },
    });
  });
});

describe('planVmi creates and deletes launcher pods', () => {
  it.each<[string, VmiPlanInput, boolean]>([
    ['creates the pod of a new VMI', input(undefined, []), true],
    ['creates it again for a Pending VMI whose pod never came', input('Pending', []), true],
    [
      'waits for a pod it created to reach the cache',
      input('Pending', [], { awaitingPod: true }),
      false,
    ],
    ['never creates a second pod', input('Pending', ['pending']), false],
    ['never recreates a lost pod after Scheduling', input('Scheduling', []), false],
  ])('%s', (_, planInput, create) => {
    expect(planVmi(planInput).createPod).toBe(create);
  });

  it('does not fail a Scheduling VMI while its new pod is not cached yet', () => {
    expect(planVmi(input('Scheduling', [], { awaitingPod: true })).status).toBeUndefined();
  });

  it('deletes the pods of a deleting VMI and keeps its finalizer until they are gone', () => {
    const plan = planVmi(input('Running', ['running', 'deleting'], { deleting: true }));
    expect(plan.deletePods.map((pod: V1Pod) => pod.metadata?.uid)).toEqual(['pod-0']);
    expect(plan.removeFinalizer).toBe(false);
    expect(plan.status).toBeUndefined();
  });

  it.each<[string, VirtualMachineInstancePhase, string | undefined]>([
    ['fails a deleting VMI left without pods, then lets it go', 'Running', 'Failed'],
    ['lets a final deleting VMI go as it is', 'Succeeded', undefined],
  ])('%s', (_, phase, expected) => {
    const plan = planVmi(input(phase, [], { deleting: true }));
    expect(plan.status?.phase).toBe(expected);
    expect(plan.removeFinalizer).toBe(true);
  });

  it.each<[string, PodState[], boolean]>([
    ['removes the finalizer of a final VMI without pods', [], true],
    ['keeps the finalizer while a final VMI still has a pod', ['succeeded'], false],
  ])('%s', (_, pods, remove) => {
    expect(planVmi(input('Failed', pods)).removeFinalizer).toBe(remove);
  });

  it('adds its finalizer to a VMI that lacks it', () => {
    const vmi = testVmi({ metadata: { finalizers: [] } });
    expect(planVmi({ ...input(undefined, []), vmi }).addFinalizer).toBe(true);
    expect(planVmi(input(undefined, [])).addFinalizer).toBe(false);
  });
});

describe('planVmi finalises a VMI whose pod ended when the handler has not', () => {
  it('gives virt-handler its grace period after compute finished', () => {
    const soon = new Date('2026-01-01T00:01:04Z');
    expect(planVmi(input('Running', ['succeeded'], { now: soon }))).toMatchObject({
      requeueAfterMs: 6_000,
    });
    expect(planVmi(input('Running', ['succeeded'], { now: soon })).status).toBeUndefined();
  });

  it.each<[PodState, string]>([
    ['succeeded', 'Succeeded'],
    ['failed', 'Failed'],
  ])('a %s pod makes the VMI %s after the grace period', (pod, phase) => {
    expect(planVmi(input('Running', [pod])).status?.phase).toBe(phase);
  });
});

describe('mirrorPodScheduled', () => {
  it('mirrors an unschedulable pod as PodScheduled=False with its reason and message', () => {
    expect(mirrorPodScheduled(testVmi(), testPod('unschedulable'))).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.",
      },
    ]);
  });

  it('removes the mirrored condition once the pod is scheduled, keeping the others', () => {
    const vmi = testVmi({
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
        ],
      },
    });
    expect(mirrorPodScheduled(vmi, testPod('scheduled'))).toEqual([
      { type: 'Ready', status: 'False' },
    ]);
  });

  it('changes nothing when the mirror is current', () => {
    const vmi = testVmi({
      status: { conditions: mirrorPodScheduled(testVmi(), testPod('unschedulable')) ?? [] },
    });
    expect(mirrorPodScheduled(vmi, testPod('unschedulable'))).toBeUndefined();
    expect(mirrorPodScheduled(testVmi(), testPod('running'))).toBeUndefined();
  });
});

describe('planVmi during a live migration', () => {
  it('judges a handed-over VMI by the pod on its node when every pod ended', () => {
    const source = testPod('failed', 'source');
    (source.metadata ??= {}).creationTimestamp = '2026-01-01T00:00:00Z' as unknown as Date;
    const moved = testPod('succeeded', 'target');
    (moved.metadata ??= {}).creationTimestamp = '2026-01-01T00:05:00Z' as unknown as Date;
    moved.spec = { containers: [], nodeName: 'node-2' };
    const vmi = testVmi({ status: { phase: 'Running', nodeName: 'node-1' } });
    const plan = planVmi({
      vmi,
      pods: [source, moved],
      awaitingPod: false,
      now,
      handlerGraceMs: 0,
    });
    expect(plan.status?.phase).toBe('Failed');
  });

  it('leaves a VMI alone while its migration target pod fails and the source runs', () => {
    const vmi = testVmi({ status: { phase: 'Running', nodeName: 'node-1' } });
    const pods = [testPod('running', 'source'), testPod('failed', 'target')];
    expect(
      planVmi({ vmi, pods, awaitingPod: false, now, handlerGraceMs: 0 }).status,
    ).toBeUndefined();
  });
});
