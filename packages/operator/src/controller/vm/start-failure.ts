import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineRunStrategy,
  VirtualMachineStatus,
} from '@podvisor/api';
import { rfc3339 } from './rfc3339.ts';
import { backoffRunStrategies } from './run-strategy-of.ts';
import { isFinal, phaseEnteredAt, phaseOf } from './vmi-facts.ts';

/** `status.startFailure` of a VM. */
export type StartFailure = NonNullable<VirtualMachineStatus['startFailure']>;

/** The crash-loop backoff settings. */
export interface CrashLoopBackoff {
  /** The smallest step of the delay (KubeVirt: 10 s). */
  readonly minIntervalSeconds: number;
  /** The longest delay (KubeVirt: 300 s); the step is at least a thirtieth of it. */
  readonly maxDelaySeconds: number;
  /**
   * How long a VMI must have been Running to count as a successful start (which resets the
   * failure count). KubeVirt resets as soon as a VMI reaches Running (0 here); the default of
   * 60 s also backs off a guest that crashes right after it boots.
   */
  readonly minStableRunSeconds: number;
}

/** KubeVirt's backoff (10·n² s plus jitter, at most 300 s), with a 60 s stable-run threshold. */
export const defaultCrashLoopBackoff: CrashLoopBackoff = {
  minIntervalSeconds: 10,
  maxDelaySeconds: 300,
  minStableRunSeconds: 60,
};

/**
 * Seconds to wait before starting again after `failCount` failed starts in a row (KubeVirt's
 * calculateStartBackoffTime): interval·n², interval = max(min interval, max delay / 30), plus a
 * random jitter of up to half that, capped at the max delay. `random` returns [0, 1).
 */
export function startBackoffSeconds(
  failCount: number,
  backoff: Pick<CrashLoopBackoff, 'minIntervalSeconds' | 'maxDelaySeconds'>,
  random: () => number = Math.random,
): number {
  const n = Math.max(1, Math.floor(failCount));
  const interval = Math.max(backoff.minIntervalSeconds, Math.floor(backoff.maxDelaySeconds / 30));
  const delay = interval * n * n;
  const jitter = Math.floor(random() * (Math.floor(delay / 2) + 1));
  return Math.min(delay + jitter, backoff.maxDelaySeconds);
}

/** When the VMI started running (ms), if it ever did. */
function runningSince(vmi: VirtualMachineInstance): number | undefined {
  const entered = phaseEnteredAt(vmi, 'Running');
  if (entered !== undefined) return entered;
  if (phaseOf(vmi) !== 'Running') return undefined;
  // Running without a recorded transition: count from the VMI's creation.
  const created = Date.parse(vmi.metadata.creationTimestamp ?? '');
  return Number.isNaN(created) ? undefined : created;
}

/** When the VMI's run counts as a successful start (ms), if it ever ran. */
export function stableAtMs(
  vmi: VirtualMachineInstance,
  backoff: CrashLoopBackoff,
): number | undefined {
  const since = runningSince(vmi);
  return since === undefined ? undefined : since + backoff.minStableRunSeconds * 1000;
}

/** Whether the VMI ran long enough to count as a successful start. */
export function ranStably(
  vmi: VirtualMachineInstance,
  nowMs: number,
  backoff: CrashLoopBackoff,
): boolean {
  const stableAt = stableAtMs(vmi, backoff);
  if (stableAt === undefined) return false;
  const end = isFinal(vmi) ? (phaseEnteredAt(vmi, phaseOf(vmi)) ?? nowMs) : nowMs;
  return end >= stableAt;
}

/** Whether the VMI finished without having run long enough: a failed start. */
export function failedEarly(
  vmi: VirtualMachineInstance,
  nowMs: number,
  backoff: CrashLoopBackoff,
): boolean {
  return isFinal(vmi) && !ranStably(vmi, nowMs, backoff);
}

/** What {@link nextStartFailure} needs. */
export interface StartFailureInput {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
  readonly runStrategy: VirtualMachineRunStrategy;
  readonly nowMs: number;
  readonly backoff: CrashLoopBackoff;
  readonly random?: () => number;
}

/**
 * The VM's next `status.startFailure` (KubeVirt's syncStartFailureStatus): cleared once a VMI
 * ran stably or when the run strategy does not restart; a VMI that finished early counts once
 * (by UID) and sets the retry time after the backoff; otherwise unchanged.
 */
export function nextStartFailure(input: StartFailureInput): StartFailure | undefined {
  const { vm, vmi, nowMs, backoff } = input;
  const current = vm.status?.startFailure;
  if (vmi && ranStably(vmi, nowMs, backoff)) return undefined;
  if (!backoffRunStrategies.has(input.runStrategy)) return undefined;
  if (!vmi || !failedEarly(vmi, nowMs, backoff)) return current;
  const uid = vmi.metadata.uid ?? '';
  if (current?.lastFailedVMIUID === uid) return current;
  const count = (current?.consecutiveFailCount ?? 0) + 1;
  const delaySeconds = startBackoffSeconds(count, backoff, input.random);
  return {
    consecutiveFailCount: count,
    lastFailedVMIUID: uid,
    retryAfterTimestamp: rfc3339(nowMs + delaySeconds * 1000),
  };
}

/** Milliseconds left before the VM may start again (0 when it may start now). */
export function backoffRemainingMs(startFailure: StartFailure | undefined, nowMs: number): number {
  const retryAfter = Date.parse(startFailure?.retryAfterTimestamp ?? '');
  if (Number.isNaN(retryAfter)) return 0;
  return Math.max(0, retryAfter - nowMs);
}
