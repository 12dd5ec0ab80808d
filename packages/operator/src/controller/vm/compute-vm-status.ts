import {
  annotations,
  conditions,
  type VirtualMachine,
  type VirtualMachineCondition,
  type VirtualMachineInstance,
  type VirtualMachineRunStrategy,
  type VirtualMachineStateChangeRequest,
  type VirtualMachineStatus,
} from '@podvisor/api';
import { printableStatusOf, type ImagePullState } from './printable-status-of.ts';
import { rfc3339 } from './rfc3339.ts';
import { nextStartFailure, type CrashLoopBackoff } from './start-failure.ts';
import { hasCondition, isDeleting, isFinal } from './vmi-facts.ts';

/** A failed step of the reconcile, shown as the VM's Failure condition. */
export interface SyncFailure {
  /** CamelCase, e.g. `FailedCreate`. */
  readonly reason: string;
  readonly message: string;
}

/** What {@link computeVmStatus} looks at. */
export interface VmStatusInput {
  readonly vm: VirtualMachine;
  /** The VMI this VM controls, as observed at the start of the reconcile. */
  readonly vmi: VirtualMachineInstance | undefined;
  readonly runStrategy: VirtualMachineRunStrategy;
  readonly nowMs: number;
  readonly backoff: CrashLoopBackoff;
  readonly random?: () => number;
  /** A VMI was created and has not shown up yet. */
  readonly startExpected: boolean;
  /** The VMI was deleted and the deletion has not shown up yet. */
  readonly stopExpected: boolean;
  /** Queue a Start request (RerunOnFailure restarting a failed VMI). */
  readonly addStartRequest: boolean;
  readonly syncFailure: SyncFailure | undefined;
  readonly imagePull: ImagePullState;
}

/** VM conditions that are not mirrored from the VMI. */
const vmOwnConditions = new Set<string>([
  conditions.ready,
  conditions.failure,
  conditions.restartRequired,
]);

/**
 * The VM's next status, as KubeVirt's updateStatus computes it: created/ready, generations
 * (observed from the VMI's `kubevirt.io/vm-generation`), the run strategy last applied, the
 * handled state change request trimmed, the start failure record, conditions (Ready mirrored
 * from the VMI, Failure from a sync failure, the VMI's other conditions) and printableStatus.
 * Fields it does not manage are kept.
 */
export function computeVmStatus(input: VmStatusInput): VirtualMachineStatus {
  const { vm, vmi } = input;
  const status: VirtualMachineStatus = structuredClone(vm.status ?? {});
  status.created = vmi !== undefined;
  status.ready = hasCondition(vmi, conditions.ready, 'True');
  if (vmi) setGenerations(status, vm, vmi);
  if (status.runStrategy !== undefined || status.created) status.runStrategy = input.runStrategy;
  const requests = nextRequests(input);
  if (requests) status.stateChangeRequests = requests;
  else delete status.stateChangeRequests;
  const startFailure = nextStartFailure(input);
  if (startFailure) status.startFailure = startFailure;
  else delete status.startFailure;
  status.conditions = nextConditions(input);
  status.printableStatus = printableStatusOf({ ...input, startFailure: status.startFailure });
  return status;
}

function setGenerations(
  status: VirtualMachineStatus,
  vm: VirtualMachine,
  vmi: VirtualMachineInstance,
): void {
  const observed = Number.parseInt(vmi.metadata.annotations?.[annotations.vmGeneration] ?? '', 10);
  if (Number.isNaN(observed)) return;
  status.observedGeneration = observed;
  if (vm.metadata.generation !== undefined) status.desiredGeneration = vm.metadata.generation;
}

function nextRequests(input: VmStatusInput): VirtualMachineStateChangeRequest[] | undefined {
  const requests = [...(input.vm.status?.stateChangeRequests ?? [])];
  if (input.addStartRequest) requests.push({ action: 'Start' });
  const first = requests[0];
  if (first && isHandled(first, input.vmi)) requests.shift();
  return requests.length > 0 ? requests : undefined;
}

/**
 * Whether the first request has been carried out (KubeVirt's isTrimFirstChangeRequestNeeded):
 * a Stop once its VMI is gone (or replaced, or the Stop names none); a Start once a live VMI runs.
 */
export function isHandled(
  request: VirtualMachineStateChangeRequest,
  vmi: VirtualMachineInstance | undefined,
): boolean {
  if (request.action === 'Stop') {
    return !vmi || request.uid === undefined || request.uid !== vmi.metadata.uid;
  }
  return !!vmi && !isDeleting(vmi) && !isFinal(vmi);
}

function nextConditions(input: VmStatusInput): VirtualMachineCondition[] {
  const existing = input.vm.status?.conditions ?? [];
  const now = rfc3339(input.nowMs);
  const next: VirtualMachineCondition[] = [readyCondition(input.vmi, now)];
  if (input.syncFailure) {
    next.push({
      type: conditions.failure,
      status: 'True',
      reason: input.syncFailure.reason,
      message: input.syncFailure.message,
      lastProbeTime: now,
      lastTransitionTime: now,
    });
  }
  for (const c of input.vmi?.status?.conditions ?? []) {
    if (!vmOwnConditions.has(c.type)) next.push({ ...c });
  }
  next.push(...existing.filter((c) => c.type === conditions.restartRequired));
  return next.map((c) => keepTimestamps(c, existing));
}

function readyCondition(
  vmi: VirtualMachineInstance | undefined,
  now: string,
): VirtualMachineCondition {
  const times = { lastProbeTime: now, lastTransitionTime: now };
  if (!vmi) {
    return {
      type: conditions.ready,
      status: 'False',
      reason: 'VMINotExists',
      message: 'VMI does not exist',
      ...times,
    };
  }
  const ready = vmi.status?.conditions?.find((c) => c.type === conditions.ready);
  if (!ready) {
    return {
      type: conditions.ready,
      status: 'False',
      reason: 'VMIConditionMissing',
      message: 'VMI is missing the Ready condition',
      ...times,
    };
  }
  return { ...ready, type: conditions.ready };
}

/** An unchanged condition keeps its timestamps, so an unchanged status is not rewritten. */
function keepTimestamps(
  condition: VirtualMachineCondition,
  existing: readonly VirtualMachineCondition[],
): VirtualMachineCondition {
  const before = existing.find((c) => c.type === condition.type);
  if (
    !before ||
    before.status !== condition.status ||
    before.reason !== condition.reason ||
    before.message !== condition.message
  ) {
    return condition;
  }
  const kept: VirtualMachineCondition = { ...condition };
  delete kept.lastProbeTime;
  delete kept.lastTransitionTime;
  if (before.lastProbeTime !== undefined) kept.lastProbeTime = before.lastProbeTime;
  if (before.lastTransitionTime !== undefined) kept.lastTransitionTime = before.lastTransitionTime;
  return kept;
}
