import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineRunStrategy,
} from '@podvisor/api';
import { backoffRemainingMs } from './start-failure.ts';
import {
  hasStartPausedRequest,
  hasStartRequest,
  hasStopRequestFor,
  isDeleting,
  isFinal,
  phaseOf,
} from './vmi-facts.ts';

/** What the VM controller does next for one VM. */
export type VmAction =
  /** Nothing: the VMI matches the run strategy, or a change is still under way. */
  | { readonly type: 'none' }
  /** Create the VMI (paused when a Start request asked for it). */
  | { readonly type: 'create'; readonly paused: boolean }
  /** Crash-loop backoff: start again after this many milliseconds. */
  | { readonly type: 'wait'; readonly retryInMs: number }
  /** Delete (stop) the VMI; `thenStart` queues a Start request (RerunOnFailure after a failure). */
  | { readonly type: 'delete'; readonly vmi: VirtualMachineInstance; readonly thenStart: boolean }
  /** A Start request on a Halted VM: switch the spec to Always (running: true). */
  | { readonly type: 'startHalted' }
  /** The VM is being deleted and its VMI is gone: release the VM's finalizer. */
  | { readonly type: 'finalize' };

/** What {@link decideVmAction} looks at. */
export interface VmActionInput {
  readonly vm: VirtualMachine;
  /** The VMI this VM controls, if any. */
  readonly vmi: VirtualMachineInstance | undefined;
  readonly runStrategy: VirtualMachineRunStrategy;
  readonly nowMs: number;
}

const none: VmAction = { type: 'none' };

/**
 * Decides how to converge the VM's VMI with its run strategy and its first state change
 * request, as KubeVirt's VM controller does (`syncRunStrategy`):
 * - Always: a VMI always exists; a final one, or one a Stop request names, is deleted and, once
 *   gone, created again after the crash-loop backoff.
 * - RerunOnFailure: a Failed VMI is deleted and started again (a Start request is queued); a
 *   Succeeded one, or one a Stop request names, is deleted and stays down.
 * - Manual: only requests act: Start creates a VMI, a Stop naming the VMI deletes it.
 * - Halted: no VMI; a Start request (start paused) switches the spec to Always.
 * - Once: a VMI is created once and never restarted.
 * A VMI being deleted is left to finish; a new one is created only once it is gone.
 */
export function decideVmAction(input: VmActionInput): VmAction {
  const { vm, vmi } = input;
  if (isDeleting(vm)) {
    if (!vmi) return { type: 'finalize' };
    return stopIf(vmi, true);
  }
  return strategies[input.runStrategy](input);
}

type Strategy = (input: VmActionInput) => VmAction;

const strategies: Readonly<Record<VirtualMachineRunStrategy, Strategy>> = {
  Always: ({ vm, vmi, ...rest }) =>
    vmi
      ? stopIf(vmi, hasStopRequestFor(vm, vmi) || isFinal(vmi))
      : startAfterBackoff({ vm, vmi, ...rest }),
  RerunOnFailure: (input) =>
    input.vmi ? rerunOnFailure(input.vm, input.vmi) : startRerunOnFailure(input),
  Manual: ({ vm, vmi }) => {
    if (vmi) return stopIf(vmi, hasStopRequestFor(vm, vmi));
    return hasStartRequest(vm) ? create(vm) : none;
  },
  Halted: ({ vm, vmi }) => {
    if (vmi) return stopIf(vmi, true);
    return hasStartRequest(vm) ? { type: 'startHalted' } : none;
  },
  Once: ({ vm, vmi }) => (vmi ? none : create(vm)),
  WaitAsReceiver: () => none,
};

function create(vm: VirtualMachine): VmAction {
  return { type: 'create', paused: hasStartPausedRequest(vm) };
}

function stopIf(vmi: VirtualMachineInstance, stop: boolean): VmAction {
  return stop && !isDeleting(vmi) ? { type: 'delete', vmi, thenStart: false } : none;
}

function startAfterBackoff(input: VmActionInput): VmAction {
  const retryInMs = backoffRemainingMs(input.vm.status?.startFailure, input.nowMs);
  return retryInMs > 0 ? { type: 'wait', retryInMs } : create(input.vm);
}

function rerunOnFailure(vm: VirtualMachine, vmi: VirtualMachineInstance): VmAction {
  if (isDeleting(vmi)) return none;
  const phase = phaseOf(vmi);
  const stop = hasStopRequestFor(vm, vmi) || phase === 'Failed' || phase === 'Succeeded';
  return stop ? { type: 'delete', vmi, thenStart: phase === 'Failed' } : none;
}

/** RerunOnFailure without a VMI starts on a Start request, or when coming from another strategy. */
function startRerunOnFailure(input: VmActionInput): VmAction {
  const { vm } = input;
  if (!hasStartRequest(vm) && vm.status?.runStrategy === input.runStrategy) return none;
  return startAfterBackoff(input);
}
