import type { V1Pod } from '@kubernetes/client-node';
import {
  conditions,
  finalizers,
  labels,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigration,
  type VirtualMachineInstanceMigrationPhase,
  type VirtualMachineInstanceMigrationState,
  type VirtualMachineInstanceMigrationStatus,
} from '@podvisor/api';
import type { EventNews } from '@podvisor/kube';
import { isComputeStarted, isPodDownOrGoingDown } from '../vmi/launcher-pod-state.ts';
import { isFinalPhase } from '../vmi/plan-vmi.ts';

type Phase = VirtualMachineInstanceMigrationPhase;
type MigrationState = VirtualMachineInstanceMigrationState;

/** What the migration controller knows when it plans one migration (VMIM). */
export interface MigrationFacts {
  readonly migration: VirtualMachineInstanceMigration;
  /** The VMI `spec.vmiName` names, from the cache; `undefined` when there is none. */
  readonly vmi: VirtualMachineInstance | undefined;
  /** The VMI's launcher pods (label `kubevirt.io/created-by=<vmi uid>`): source and targets. */
  readonly pods: readonly V1Pod[];
  /** Another unfinished migration of the same VMI that goes first (see `migrationAhead`). */
  readonly waitingFor: string | undefined;
  /** A target pod this controller created is not in the cache yet. */
  readonly awaitingTargetPod: boolean;
  readonly now: Date;
  /** How long the target pod may take to run once created (5 minutes in virt-controller). */
  readonly targetPodStartTimeoutMs: number;
}

/** What to write on the VMI: the migration target label and `status.migrationState` keys. */
export interface VmiMigrationPatch {
  /** `kubevirt.io/migrationTargetNodeName`: a node, or `null` to remove it. */
  readonly targetNodeLabel?: string | null;
  /** A merge patch of `status.migrationState` (`null` removes a key). */
  readonly migrationState?: Readonly<Record<string, unknown>>;
}

/** The status fields the migration controller writes (a merge patch of the VMIM's status). */
export type MigrationStatusPatch = {
  readonly phase?: Phase;
  readonly phaseTransitionTimestamps?: VirtualMachineInstanceMigrationStatus['phaseTransitionTimestamps'];
  /** A merge patch of `status.migrationState` (`null` removes a key). */
  readonly migrationState?: Readonly<Record<string, unknown>>;
};

/**
 * What to do for one migration, in this order: add the finalizer, create the target pod, patch
 * the VMI, delete pods, patch the status, record events, remove the finalizer.
 */
export interface MigrationPlan {
  readonly addFinalizer: boolean;
  readonly createTargetPod: boolean;
  readonly vmi?: VmiMigrationPatch;
  readonly deletePods: readonly V1Pod[];
  readonly status?: MigrationStatusPatch;
  readonly events: readonly EventNews[];
  readonly removeFinalizer: boolean;
  /** Look again after this long (the target pod's start timeout). */
  readonly requeueAfterMs?: number;
}

const nothing: MigrationPlan = {
  addFinalizer: false,
  createTargetPod: false,
  deletePods: [],
  events: [],
  removeFinalizer: false,
};

/** The wording of the failures the controller decides (after KubeVirt's Events). */
export const migrationFailures = {
  canceled: 'Migration failed due to being canceled',
  vmiShutdown: 'Migration failed vmi shutdown during migration.',
  takenOver:
    "VMI's migration state was taken over by another migration job during active migration.",
  sourceFailed: 'source node reported migration failed',
} as const;

/** Whether the phase is Succeeded or Failed. */
export function isFinalMigrationPhase(phase: Phase | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The phases in which the handlers own the progress (the VMI's migrationState is this one's). */
const handedOffPhases: readonly Phase[] = ['PreparingTarget', 'TargetReady', 'Running'];

function phaseOf(migration: VirtualMachineInstanceMigration): Phase | undefined {
  return migration.status?.phase;
}

function uidOf(migration: VirtualMachineInstanceMigration): string {
  return migration.metadata.uid ?? '';
}

function hasFinalizer(migration: VirtualMachineInstanceMigration): boolean {
  return migration.metadata.finalizers?.includes(finalizers.migration) === true;
}

/** The VMI's migrationState when it is this migration's. */
function ownState(facts: MigrationFacts): MigrationState | undefined {
  const state = facts.vmi?.status?.migrationState;
  return state?.migrationUid !== undefined && state.migrationUid === uidOf(facts.migration)
    ? state
    : undefined;
}

/** This migration's target pods (label `kubevirt.io/migrationJobUID`), newest first. */
export function targetPodsOf(
  pods: readonly V1Pod[],
  migration: VirtualMachineInstanceMigration,
): V1Pod[] {
  const uid = uidOf(migration);
  const created = (pod: V1Pod): string => String(pod.metadata?.creationTimestamp ?? '');
  return pods
    .filter((pod) => uid !== '' && pod.metadata?.labels?.[labels.migrationJobUid] === uid)
    .sort((a, b) => created(b).localeCompare(created(a)));
}

/**
 * A merge patch that turns `current` into `wanted`: changed and new keys, and `null` for keys
 * `wanted` drops; `undefined` when they are equal.
 */
export function objectPatch(
  current: Readonly<Record<string, unknown>> | undefined,
  wanted: Readonly<Record<string, unknown>>,
): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (JSON.stringify(current?.[key]) !== JSON.stringify(value)) patch[key] = value;
  }
  for (const key of Object.keys(current ?? {})) {
    if (!(key in wanted)) patch[key] = null;
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}

/** The status patch that moves the migration to `phase` now, with the VMI's state mirrored. */
function transition(facts: MigrationFacts, phase: Phase): MigrationStatusPatch {
  const previous = facts.migration.status?.phaseTransitionTimestamps ?? [];
  const mirrored = mirror(facts);
  return {
    phase,
    phaseTransitionTimestamps: [
      ...previous,
      { phase, phaseTransitionTimestamp: facts.now.toISOString() },
    ],
    ...(mirrored === undefined ? {} : { migrationState: mirrored }),
  };
}

/** The VMIM's `status.migrationState` made equal to the VMI's, when that is this migration's. */
function mirror(facts: MigrationFacts): Record<string, unknown> | undefined {
  const state = ownState(facts);
  if (state === undefined) return undefined;
  const current = facts.migration.status?.migrationState as Record<string, unknown> | undefined;
  return objectPatch(current, state as Record<string, unknown>);
}

function mirrorOnly(facts: MigrationFacts): MigrationPlan {
  const mirrored = mirror(facts);
  return mirrored === undefined ? nothing : { ...nothing, status: { migrationState: mirrored } };
}

/**
 * The controller fails the migration: phase Failed with a FailedMigration event, the reason in
 * the VMIM's migrationState (when the VMI's is not this migration's) — and, when the handlers
 * already took over, on the VMI: `failed` with the reason while the source has not started
 * (nothing runs yet; the resourceVersion guard makes it exclusive), else `abortRequested` so
 * the source handler stops the transfer.
 */
function fail(facts: MigrationFacts, reason: string, abort = false): MigrationPlan {
  const state = ownState(facts);
  const status = transition(facts, 'Failed');
  const event: EventNews = { type: 'Warning', reason: 'FailedMigration', message: reason };
  if (state === undefined) {
    const record = { migrationUid: uidOf(facts.migration), failed: true, failureReason: reason };
    const current = facts.migration.status?.migrationState as Record<string, unknown> | undefined;
    const migrationState = objectPatch(current, { ...current, ...record });
    return {
      ...nothing,
      status: { ...status, ...(migrationState === undefined ? {} : { migrationState }) },
      events: [event],
    };
  }
  let vmi: VmiMigrationPatch | undefined;
  if (state.completed !== true && state.failed !== true) {
    const started = state.startTimestamp !== undefined;
    vmi = {
      migrationState: started
        ? { abortRequested: true }
        : { failed: true, failureReason: reason, ...(abort ? { abortRequested: true } : {}) },
    };
  }
  return { ...nothing, ...(vmi === undefined ? {} : { vmi }), status, events: [event] };
}

function liveMigratableBlocker(vmi: VirtualMachineInstance): string | undefined {
  const condition = vmi.status?.conditions?.find((c) => c.type === conditions.liveMigratable);
  if (condition?.status === 'True') return undefined;
  if (condition === undefined) {
    return 'Cannot migrate VMI, Reason: the LiveMigratable condition is not reported yet';
  }
  return `Cannot migrate VMI, Reason: ${condition.reason ?? ''}, Message: ${condition.message ?? ''}`;
}

/** Pending: check the VMI, wait for the migration ahead, then create the target pod. */
function planPending(facts: MigrationFacts, vmi: VirtualMachineInstance): MigrationPlan {
  const name = vmi.metadata.name ?? '';
  if (vmi.status?.phase !== 'Running' || (vmi.status.nodeName ?? '') === '') {
    return fail(facts, `VMI ${name} is not running (phase ${vmi.status?.phase ?? 'unset'})`);
  }
  const blocker = liveMigratableBlocker(vmi);
  if (blocker !== undefined) return fail(facts, blocker);
  if (facts.waitingFor !== undefined) return nothing;
  if (targetPodsOf(facts.pods, facts.migration).length > 0) {
    return { ...nothing, status: transition(facts, 'Scheduling') };
  }
  if (facts.awaitingTargetPod) return nothing;
  return { ...nothing, createTargetPod: true, status: transition(facts, 'Scheduling') };
}

/** Why the target pod stops this migration (gone or down), if it does. */
function targetPodTrouble(facts: MigrationFacts): string | undefined {
  const pod = targetPodsOf(facts.pods, facts.migration)[0];
  if (pod === undefined) {
    if (facts.awaitingTargetPod) return undefined;
    const known = ownState(facts)?.targetPod;
    const name = known === undefined || known === '' ? '' : ` ${known}`;
    return `target pod${name} disappeared before the migration completed`;
  }
  if (!isPodDownOrGoingDown(pod)) return undefined;
  const phase = pod.status?.phase ?? 'unknown';
  return `target pod ${pod.metadata?.name ?? ''} shut down before the migration completed (phase ${phase})`;
}

function phaseStart(migration: VirtualMachineInstanceMigration, phase: Phase): number | undefined {
  const entry = migration.status?.phaseTransitionTimestamps?.findLast((t) => t.phase === phase);
  const at = Date.parse(
    entry?.phaseTransitionTimestamp ?? migration.metadata.creationTimestamp ?? '',
  );
  return Number.isNaN(at) ? undefined : at;
}

function isRunningOnNode(pod: V1Pod): boolean {
  return isComputeStarted(pod) && (pod.spec?.nodeName ?? '') !== '';
}

/** A target pod not running yet: wait, or fail once the start timeout is over. */
function awaitStart(facts: MigrationFacts, pod: V1Pod): MigrationPlan {
  const now = facts.now.getTime();
  const since = phaseStart(facts.migration, 'Scheduling') ?? now;
  const remaining = since + facts.targetPodStartTimeoutMs - now;
  if (remaining > 0) return { ...nothing, requeueAfterMs: remaining };
  const seconds = String(Math.round(facts.targetPodStartTimeoutMs / 1000));
  return fail(facts, `target pod ${pod.metadata?.name ?? ''} did not start within ${seconds}s`);
}

/** Scheduling: Scheduled once the target pod runs `compute`; Failed if it dies or never starts. */
function planScheduling(facts: MigrationFacts): MigrationPlan {
  const pod = targetPodsOf(facts.pods, facts.migration)[0];
  if (pod === undefined && facts.awaitingTargetPod) return nothing;
  const trouble = targetPodTrouble(facts);
  if (trouble !== undefined || pod === undefined) return fail(facts, trouble ?? 'no target pod');
  if (isRunningOnNode(pod)) return { ...nothing, status: transition(facts, 'Scheduled') };
  return awaitStart(facts, pod);
}

/** The source pod: the VMI's pod on its node that is not this migration's target. */
function sourcePodOf(facts: MigrationFacts, vmi: VirtualMachineInstance): V1Pod | undefined {
  const uid = uidOf(facts.migration);
  const node = vmi.status?.nodeName;
  const candidates = facts.pods.filter(
    (pod) => pod.spec?.nodeName === node && pod.metadata?.labels?.[labels.migrationJobUid] !== uid,
  );
  return candidates.find((pod) => !isPodDownOrGoingDown(pod)) ?? candidates[0];
}

/** The VMI's migrationState at hand-over (contract 1): who moves from where to where. */
function handOverState(
  facts: MigrationFacts,
  vmi: VirtualMachineInstance,
  target: V1Pod,
): MigrationState {
  return {
    migrationUid: uidOf(facts.migration),
    sourceNode: vmi.status?.nodeName ?? '',
    sourcePod: sourcePodOf(facts, vmi)?.metadata?.name ?? '',
    targetNode: target.spec?.nodeName ?? '',
    targetPod: target.metadata?.name ?? '',
    mode: 'PreCopy',
  };
}

/** The VMI patch that writes `wanted` (replacing an earlier migration's keys) and the label. */
function handOverPatch(vmi: VirtualMachineInstance, wanted: MigrationState): VmiMigrationPatch {
  const current = vmi.status?.migrationState as Record<string, unknown> | undefined;
  const migrationState = objectPatch(current, wanted as Record<string, unknown>);
  const label = vmi.metadata.labels?.[labels.migrationTargetNodeName];
  return {
    ...(label === wanted.targetNode ? {} : { targetNodeLabel: wanted.targetNode ?? null }),
    ...(migrationState === undefined ? {} : { migrationState }),
  };
}

/** Scheduled: hand over to the handlers by writing the VMI's migrationState; PreparingTarget. */
function planScheduled(facts: MigrationFacts, vmi: VirtualMachineInstance): MigrationPlan {
  const trouble = targetPodTrouble(facts);
  if (trouble !== undefined) return fail(facts, trouble);
  const target = targetPodsOf(facts.pods, facts.migration)[0];
  if (target === undefined || !isRunningOnNode(target)) return nothing;
  const wanted = handOverState(facts, vmi, target);
  const patch = handOverPatch(vmi, wanted);
  const handedOff = { ...facts, vmi: withState(vmi, wanted) };
  return {
    ...nothing,
    ...(Object.keys(patch).length === 0 ? {} : { vmi: patch }),
    status: transition(handedOff, 'PreparingTarget'),
  };
}

function withState(vmi: VirtualMachineInstance, state: MigrationState): VirtualMachineInstance {
  return { ...vmi, status: { ...vmi.status, migrationState: state } };
}

/** The next handed-off phase the VMI's migrationState shows, if the migration moved on. */
function nextHandedOffPhase(phase: Phase | undefined, state: MigrationState): Phase | undefined {
  if (phase === 'PreparingTarget' && (state.targetNodeAddress ?? '') !== '') return 'TargetReady';
  if (phase === 'TargetReady' && state.startTimestamp !== undefined) return 'Running';
  return undefined;
}

/**
 * PreparingTarget, TargetReady, Running: follow the handlers' reports on the VMI (target address,
 * start, completion, failure); fail when the target pod goes away before completion or another
 * migration took the VMI over; a deleted migration asks the source to abort and waits.
 */
function planHandedOff(facts: MigrationFacts, vmi: VirtualMachineInstance): MigrationPlan {
  const state = ownState(facts);
  if (state === undefined) return fail(facts, migrationFailures.takenOver);
  if (state.failed === true) {
    return fail(facts, state.failureReason ?? migrationFailures.sourceFailed);
  }
  if (state.completed === true) {
    if (vmi.status?.nodeName !== state.targetNode) return mirrorOnly(facts);
    const message = `The VirtualMachineInstance migrated to node ${state.targetNode ?? ''}.`;
    return {
      ...nothing,
      status: transition(facts, 'Succeeded'),
      events: [{ type: 'Normal', reason: 'Migrated', message }],
    };
  }
  const trouble = targetPodTrouble(facts);
  if (trouble !== undefined) return fail(facts, trouble);
  if (facts.migration.metadata.deletionTimestamp != null) return planAbort(facts, state);
  const next = nextHandedOffPhase(phaseOf(facts.migration), state);
  return next === undefined ? mirrorOnly(facts) : { ...nothing, status: transition(facts, next) };
}

/** A deleted migration the handlers hold: cancel now if not started, else ask for an abort. */
function planAbort(facts: MigrationFacts, state: MigrationState): MigrationPlan {
  if (state.startTimestamp === undefined) return fail(facts, migrationFailures.canceled, true);
  if (state.abortRequested === true) return mirrorOnly(facts);
  return { ...mirrorOnly(facts), vmi: { migrationState: { abortRequested: true } } };
}

/** The pods a final migration removes: a failed one's target, a successful one's source. */
function leftoverPods(facts: MigrationFacts): V1Pod[] {
  const state = ownState(facts);
  let pods: V1Pod[] = [];
  if (phaseOf(facts.migration) === 'Failed') {
    pods = targetPodsOf(facts.pods, facts.migration);
  } else if (state !== undefined && facts.vmi?.status?.nodeName === state.targetNode) {
    pods = facts.pods.filter((pod) => pod.metadata?.name === state.sourcePod);
  }
  return pods.filter((pod) => pod.metadata?.deletionTimestamp == null);
}

/** Whether a final migration clears the VMI's target label (unless another one holds it). */
function clearsLabel(facts: MigrationFacts): boolean {
  const vmi = facts.vmi;
  if (vmi?.metadata.labels?.[labels.migrationTargetNodeName] === undefined) return false;
  return vmi.status?.migrationState === undefined || ownState(facts) !== undefined;
}

/**
 * A finished migration: mirror the VMI's state, clear the VMI's target label, delete the target
 * pod of a failed migration or the source pod of a successful one (once the VMI runs on the
 * target), and release the finalizer.
 */
function planFinal(facts: MigrationFacts): MigrationPlan {
  const mirrored = mirror(facts);
  return {
    ...nothing,
    ...(clearsLabel(facts) ? { vmi: { targetNodeLabel: null } } : {}),
    deletePods: leftoverPods(facts),
    ...(mirrored === undefined ? {} : { status: { migrationState: mirrored } }),
    removeFinalizer: hasFinalizer(facts.migration),
  };
}

/** The plan of an unfinished migration whose VMI exists and is not going away. */
function planActive(facts: MigrationFacts, vmi: VirtualMachineInstance): MigrationPlan {
  const phase = phaseOf(facts.migration) ?? '';
  if (handedOffPhases.includes(phase as Phase)) return planHandedOff(facts, vmi);
  if (facts.migration.metadata.deletionTimestamp != null) {
    return fail(facts, migrationFailures.canceled);
  }
  if (phase === '') return { ...nothing, status: transition(facts, 'Pending') };
  if (phase === 'Pending') return planPending(facts, vmi);
  if (phase === 'Scheduling') return planScheduling(facts);
  return planScheduled(facts, vmi);
}

/**
 * Decides what the migration controller does for one VirtualMachineInstanceMigration (issue
 * 12's contract 1, after KubeVirt's migration controller): Pending (the VMI must be Running and
 * LiveMigratable, and no other migration of it ahead) → Scheduling (target pod created) →
 * Scheduled (it runs) → PreparingTarget (the VMI's migrationState and target label written) →
 * TargetReady → Running → Succeeded / Failed, from the handlers' reports; a deleted migration
 * is cancelled; a final one is cleaned up and lets its finalizer go. Pure.
 */
export function planMigration(facts: MigrationFacts): MigrationPlan {
  const { migration, vmi } = facts;
  if (isFinalMigrationPhase(phaseOf(migration))) return planFinal(facts);
  const deleting = migration.metadata.deletionTimestamp != null;
  let plan: MigrationPlan;
  if (vmi === undefined) {
    plan = fail(facts, `VMI ${migration.spec.vmiName} does not exist`);
  } else if (vmi.metadata.deletionTimestamp != null || isFinalPhase(vmi.status?.phase)) {
    plan = fail(facts, migrationFailures.vmiShutdown);
  } else {
    plan = planActive(facts, vmi);
  }
  const ending = plan.status?.phase === 'Failed';
  return { ...plan, addFinalizer: !deleting && !ending && !hasFinalizer(migration) };
}
