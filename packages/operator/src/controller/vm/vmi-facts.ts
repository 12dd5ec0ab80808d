import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstancePhase,
  VirtualMachineStateChangeRequest,
} from '@podvisor/api';

/** Whether the VMI has finished: Succeeded or Failed. */
export function isFinal(vmi: VirtualMachineInstance): boolean {
  const phase = vmi.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Whether the VMI is being deleted. */
export function isDeleting(object: { metadata: { deletionTimestamp?: string } }): boolean {
  return object.metadata.deletionTimestamp !== undefined;
}

/** The VMI's phase, `''` when unset. */
export function phaseOf(vmi: VirtualMachineInstance): VirtualMachineInstancePhase {
  return vmi.status?.phase ?? '';
}

/** Whether the VMI has the condition `type` with `status` (and `reason`, when given). */
export function hasCondition(
  vmi: VirtualMachineInstance | undefined,
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason?: string,
): boolean {
  return (vmi?.status?.conditions ?? []).some(
    (c) => c.type === type && c.status === status && (reason === undefined || c.reason === reason),
  );
}

/** The first pending state change request, if any (only the first is acted upon). */
export function firstRequest(vm: VirtualMachine): VirtualMachineStateChangeRequest | undefined {
  return vm.status?.stateChangeRequests?.[0];
}

/** Whether the first request is a Start. */
export function hasStartRequest(vm: VirtualMachine): boolean {
  return firstRequest(vm)?.action === 'Start';
}

/** Whether the first request is a Start with `paused=true`. */
export function hasStartPausedRequest(vm: VirtualMachine): boolean {
  const request = firstRequest(vm);
  return request?.action === 'Start' && request.data?.['paused'] === 'true';
}

/** Whether the first request is a Stop aimed at this VMI (by UID). */
export function hasStopRequestFor(vm: VirtualMachine, vmi: VirtualMachineInstance): boolean {
  const request = firstRequest(vm);
  return (
    request?.action === 'Stop' && request.uid !== undefined && request.uid === vmi.metadata.uid
  );
}

/** Whether a live migration of the VMI is under way (started, not ended). */
export function isMigrating(vmi: VirtualMachineInstance): boolean {
  const state = vmi.status?.migrationState;
  return state?.startTimestamp !== undefined && state.endTimestamp === undefined;
}

/** When the VMI entered `phase` (ms since the epoch), from its phaseTransitionTimestamps. */
export function phaseEnteredAt(
  vmi: VirtualMachineInstance,
  phase: VirtualMachineInstancePhase,
): number | undefined {
  const entry = (vmi.status?.phaseTransitionTimestamps ?? []).find((t) => t.phase === phase);
  const at = entry?.phaseTransitionTimestamp;
  if (at === undefined) return undefined;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? undefined : ms;
}
