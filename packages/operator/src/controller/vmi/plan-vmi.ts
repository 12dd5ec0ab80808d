import type { V1Pod } from '@kubernetes/client-node';
import {
  conditions,
  finalizers,
  type VirtualMachineInstance,
  type VirtualMachineInstanceCondition,
  type VirtualMachineInstancePhase,
  type VirtualMachineInstanceStatus,
} from '@podvisor/api';
import {
  computeFinishedAt,
  currentPod,
  isComputeStarted,
  isPodDownOrGoingDown,
  isPodFinal,
  podScheduledCondition,
} from './launcher-pod-state.ts';

/** What the VMI controller knows when it plans one VMI. */
export interface VmiPlanInput {
  readonly vmi: VirtualMachineInstance;
  /** The VMI's launcher pods (label `kubevirt.io/created-by=<vmi uid>`), from the cache. */
  readonly pods: readonly V1Pod[];
  /** A pod this controller created is not in the cache yet: do not take its absence as lost. */
  readonly awaitingPod: boolean;
  readonly now: Date;
  /**
   * How long virt-handler has to report a final launcher pod's outcome before the controller
   * finalises the VMI from the pod's phase.
   */
  readonly handlerGraceMs: number;
}

/** The status fields the VMI controller writes (a JSON merge patch of `status`). */
export type VmiStatusPatch = Pick<
  VirtualMachineInstanceStatus,
  'phase' | 'phaseTransitionTimestamps' | 'conditions' | 'nodeName' | 'activePods' | 'qosClass'
>;

/** What to do for one VMI, in this order: finalizer, pods, label, status, finalizer removal. */
export interface VmiPlan {
  readonly addFinalizer: boolean;
  readonly createPod: boolean;
  readonly deletePods: readonly V1Pod[];
  /** Set the VMI's `kubevirt.io/nodeName` label to this node. */
  readonly nodeNameLabel?: string;
  readonly status?: VmiStatusPatch;
  readonly removeFinalizer: boolean;
  /** Look again after this long (waiting for the handler's verdict on a final pod). */
  readonly requeueAfterMs?: number;
}

const nothing: VmiPlan = {
  addFinalizer: false,
  createPod: false,
  deletePods: [],
  removeFinalizer: false,
};

type Phase = VirtualMachineInstancePhase;

/** Whether the phase is Succeeded or Failed. */
export function isFinalPhase(phase: Phase | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The status patch that moves `vmi` to `phase` now, recording the transition time. */
export function phaseTransition(
  vmi: VirtualMachineInstance,
  phase: Phase,
  now: Date,
): VmiStatusPatch {
  const previous = vmi.status?.phaseTransitionTimestamps ?? [];
  return {
    phase,
    phaseTransitionTimestamps: [
      ...previous,
      { phase, phaseTransitionTimestamp: now.toISOString() },
    ],
  };
}

/** A timestamp as the wire carries it (client-node types them as Date; caches hold strings). */
function timeText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return value instanceof Date ? value.toISOString() : undefined;
}

function sameCondition(
  a: VirtualMachineInstanceCondition | undefined,
  b: VirtualMachineInstanceCondition | undefined,
): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The VMI's conditions with the pod's `PodScheduled=False` mirrored (KubeVirt's Unschedulable
 * report) or, once the pod is scheduled, removed; `undefined` when nothing changes.
 */
export function mirrorPodScheduled(
  vmi: VirtualMachineInstance,
  pod: V1Pod,
): VirtualMachineInstanceCondition[] | undefined {
  const current = vmi.status?.conditions ?? [];
  const mirrored = current.find((c) => c.type === conditions.podScheduled);
  const podCondition = podScheduledCondition(pod);
  let wanted: VirtualMachineInstanceCondition | undefined;
  if (podCondition?.status === 'False') {
    const at = timeText(podCondition.lastTransitionTime);
    wanted = {
      type: conditions.podScheduled,
      status: 'False',
      ...(podCondition.reason === undefined ? {} : { reason: podCondition.reason }),
      ...(podCondition.message === undefined ? {} : { message: podCondition.message }),
      ...(at === undefined ? {} : { lastTransitionTime: at }),
    };
  }
  if (sameCondition(mirrored, wanted)) return undefined;
  const others = current.filter((c) => c.type !== conditions.podScheduled);
  return wanted === undefined ? others : [...others, wanted];
}

function activePods(pods: readonly V1Pod[]): Record<string, string> {
  const active: Record<string, string> = {};
  for (const pod of pods) {
    const uid = pod.metadata?.uid;
    const node = pod.spec?.nodeName;
    if (uid !== undefined && node !== undefined && node !== '') active[uid] = node;
  }
  return active;
}

function activePodsPatch(
  vmi: VirtualMachineInstance,
  pods: readonly V1Pod[],
): Pick<VmiStatusPatch, 'activePods'> {
  const active = activePods(pods);
  const same = JSON.stringify(active) === JSON.stringify(vmi.status?.activePods ?? {});
  return same || Object.keys(active).length === 0 ? {} : { activePods: active };
}

function failed(input: VmiPlanInput): VmiPlan {
  return { ...nothing, status: phaseTransition(input.vmi, 'Failed', input.now) };
}

function hasFinalizer(vmi: VirtualMachineInstance): boolean {
  return vmi.metadata.finalizers?.includes(finalizers.virtualMachineInstance) === true;
}

/** A deleting VMI: delete its pods; once none is left, make it final and let it go. */
function planDeletion(input: VmiPlanInput): VmiPlan {
  const { vmi, pods } = input;
  const deletePods = pods.filter((pod) => pod.metadata?.deletionTimestamp == null);
  if (pods.length > 0) return { ...nothing, deletePods };
  const final = isFinalPhase(vmi.status?.phase);
  return {
    ...nothing,
    ...(final ? {} : { status: phaseTransition(vmi, 'Failed', input.now) }),
    removeFinalizer: hasFinalizer(vmi),
  };
}

/** No phase yet, or Pending: create the pod; once it exists, the VMI is Scheduling. */
function planUnprocessed(input: VmiPlanInput): VmiPlan {
  const { vmi, pods, now } = input;
  const pod = currentPod(pods);
  if (pod === undefined) {
    if (input.awaitingPod) return nothing;
    const pending = (vmi.status?.phase ?? '') === '';
    return {
      ...nothing,
      createPod: true,
      ...(pending ? { status: phaseTransition(vmi, 'Pending', now) } : {}),
    };
  }
  if (isPodDownOrGoingDown(pod)) return failed(input);
  const mirrored = mirrorPodScheduled(vmi, pod);
  return {
    ...nothing,
    status: {
      ...phaseTransition(vmi, 'Scheduling', now),
      ...(mirrored === undefined ? {} : { conditions: mirrored }),
      ...activePodsPatch(vmi, pods),
    },
  };
}

/** Scheduling: Scheduled once the pod runs `compute`; Failed if it goes down or is lost. */
function planScheduling(input: VmiPlanInput): VmiPlan {
  const { vmi, pods, now } = input;
  const pod = currentPod(pods);
  if (pod === undefined) return input.awaitingPod ? nothing : failed(input);
  if (isPodDownOrGoingDown(pod)) return failed(input);
  const mirrored = mirrorPodScheduled(vmi, pod);
  const conditionPatch = mirrored === undefined ? {} : { conditions: mirrored };
  const node = pod.spec?.nodeName;
  if (isComputeStarted(pod) && node !== undefined && node !== '') {
    const qosClass = pod.status?.qosClass;
    return {
      ...nothing,
      nodeNameLabel: node,
      status: {
        ...phaseTransition(vmi, 'Scheduled', now),
        ...conditionPatch,
        nodeName: node,
        activePods: activePods(pods),
        ...(qosClass === undefined ? {} : { qosClass }),
      },
    };
  }
  const status = { ...conditionPatch, ...activePodsPatch(vmi, pods) };
  return Object.keys(status).length === 0 ? nothing : { ...nothing, status };
}

/**
 * Scheduled, Running or Unknown (virt-handler's phases): the controller steps in only when the
 * pod is gone (Failed) or final and the handler has not said so within its grace period
 * (Succeeded or Failed, as the pod ended).
 */
function planHandedOver(input: VmiPlanInput): VmiPlan {
  const { vmi, pods, now } = input;
  if (pods.length === 0) return failed(input);
  if (!pods.every(isPodFinal)) return nothing;
  const pod = currentPod(pods, vmi.status?.nodeName);
  const finishedAt = (pod && computeFinishedAt(pod)) ?? now.getTime();
  const waitMs = finishedAt + input.handlerGraceMs - now.getTime();
  if (waitMs > 0) return { ...nothing, requeueAfterMs: waitMs };
  const phase = pod?.status?.phase === 'Succeeded' ? 'Succeeded' : 'Failed';
  return { ...nothing, status: phaseTransition(vmi, phase, now) };
}

/**
 * Decides what the VMI controller does for one VMI (KubeVirt's `lifecycle.go`, with the phase
 * handed to virt-handler at Scheduled): deletion first, then a final VMI's finalizer, then the
 * phase machine Pending → Scheduling → Scheduled, failing the VMI when its pod is lost. Pure.
 */
export function planVmi(input: VmiPlanInput): VmiPlan {
  const { vmi } = input;
  if (vmi.metadata.deletionTimestamp != null) return planDeletion(input);
  const phase = vmi.status?.phase ?? '';
  if (isFinalPhase(phase)) {
    return { ...nothing, removeFinalizer: input.pods.length === 0 && hasFinalizer(vmi) };
  }
  const addFinalizer = !hasFinalizer(vmi);
  let plan: VmiPlan;
  if (phase === '' || phase === 'Pending') plan = planUnprocessed(input);
  else if (phase === 'Scheduling') plan = planScheduling(input);
  else if (phase === 'WaitingForSync') plan = nothing;
  else plan = planHandedOver(input);
  return { ...plan, addFinalizer };
}
