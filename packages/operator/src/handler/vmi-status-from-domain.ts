import {
  conditionReasons,
  conditions as conditionTypes,
  type VirtualMachineInstance,
  type VirtualMachineInstanceCondition,
  type VirtualMachineInstancePhase,
  type VirtualMachineInstanceStatus,
} from '@podvisor/api';
import type { DomainState, DomainStatus, GuestInfo } from '../protocol/v1/index.ts';
import { liveMigrationBlocker } from './live-migration-blocker.ts';
import { vmiInterfaces } from './vmi-interfaces.ts';

type Condition = VirtualMachineInstanceCondition;

/** The condition virt-handler sets while the guest runs under QEMU's software emulation (TCG). */
export const softwareEmulationCondition = {
  type: 'SoftwareEmulation',
  reason: 'SoftwareEmulation',
  message:
    'The VMI runs with software emulation (QEMU TCG) instead of hardware virtualization (KVM): expect it to be much slower',
} as const;

/** The condition types virt-handler owns (ADR 0011); the others belong to virt-controller. */
export const handlerConditionTypes: readonly string[] = [
  conditionTypes.ready,
  conditionTypes.paused,
  conditionTypes.synchronized,
  conditionTypes.agentConnected,
  conditionTypes.liveMigratable,
  softwareEmulationCondition.type,
];

/** The phase reason of a VMI whose launcher stopped answering for the watchdog timeout. */
export const launcherUnresponsiveReason = 'LauncherUnresponsive';

/** What virt-handler knows about a VMI's launcher and domain. */
export interface LauncherObservation {
  /** The launcher's last word on the domain: `undefined` before any, `null` for no domain. */
  readonly domain: DomainStatus | null | undefined;
  /** The message of the last failed Sync, until a Sync succeeds. */
  readonly syncError?: string | undefined;
  /** The watchdog fired: the launcher has not answered for the watchdog timeout. */
  readonly unresponsive?: boolean | undefined;
  /** What the guest agent reported (`null`: no agent answers). */
  readonly guestInfo?: GuestInfo | null | undefined;
  readonly podIp?: string | undefined;
  /** The image of the launcher pod's compute container. */
  readonly launcherImage?: string | undefined;
}

/** The VMI status fields virt-handler owns. */
export type HandlerStatus = Pick<
  VirtualMachineInstanceStatus,
  | 'phase'
  | 'reason'
  | 'conditions'
  | 'interfaces'
  | 'guestOSInfo'
  | 'phaseTransitionTimestamps'
  | 'launcherContainerImageVersion'
>;

const finalPhases: readonly string[] = ['Succeeded', 'Failed'];
const runningStates: readonly DomainState[] = [
  'Running',
  'Blocked',
  'Paused',
  'PMSuspended',
  'Shutdown',
];
const failedReasons: readonly string[] = ['Crashed', 'Panicked', 'Failed'];
const succeededReasons: readonly string[] = ['Shutdown', 'Saved', 'FromSnapshot', 'Migrated'];

/** True for Succeeded and Failed: phases a VMI never leaves. */
export function isFinalPhase(phase: string | undefined): boolean {
  return phase !== undefined && finalPhases.includes(phase);
}

function acpiEnabled(vmi: VirtualMachineInstance): boolean {
  return vmi.spec.domain.features?.acpi?.enabled !== false;
}

/** The phase of a shut-off domain, by libvirt's reason (KubeVirt's mapping). */
function shutoffPhase(vmi: VirtualMachineInstance, reason: string): VirtualMachineInstancePhase {
  if (failedReasons.includes(reason)) return 'Failed';
  if (succeededReasons.includes(reason)) return 'Succeeded';
  // Destroyed with ACPI: the guest ignored the power button until the grace period ended.
  if (reason === 'Destroyed') return acpiEnabled(vmi) ? 'Failed' : 'Succeeded';
  return 'Failed';
}

/**
 * The phase the launcher's report gives the VMI, with a reason when the handler has one: Running
 * while the domain runs, is paused, blocked, suspended or shutting down; Failed when it crashed,
 * panicked, QEMU died, it was destroyed after the grace period, or the launcher is unresponsive;
 * Succeeded after a clean shutdown. A final phase never changes, and without news it stays.
 */
export function phaseFromDomain(
  vmi: VirtualMachineInstance,
  observation: LauncherObservation,
): { phase: VirtualMachineInstancePhase; reason?: string } {
  const current = vmi.status?.phase ?? '';
  if (isFinalPhase(current)) return { phase: current };
  const domain = observation.domain;
  if (domain?.state === 'Crashed') return { phase: 'Failed' };
  if (domain?.state === 'Shutoff') return { phase: shutoffPhase(vmi, domain.reason) };
  if (observation.unresponsive === true) {
    return { phase: 'Failed', reason: launcherUnresponsiveReason };
  }
  if (domain !== null && domain !== undefined && runningStates.includes(domain.state)) {
    return { phase: 'Running' };
  }
  return { phase: current };
}

function readyCondition(phase: string, domain: DomainStatus | null | undefined): Condition {
  if (phase === 'Running' && domain?.state !== 'Paused') {
    return { type: conditionTypes.ready, status: 'True' };
  }
  let message = 'the guest has not started yet';
  if (isFinalPhase(phase)) message = 'the guest is not running';
  else if (domain?.state === 'Paused') message = 'the guest is paused';
  return {
    type: conditionTypes.ready,
    status: 'False',
    reason: conditionReasons.guestNotRunning,
    message,
  };
}

function pausedCondition(domain: DomainStatus): Condition {
  if (domain.reason === 'User' || domain.reason === 'Paused') {
    return {
      type: conditionTypes.paused,
      status: 'True',
      reason: 'PausedByUser',
      message: 'VMI was paused by user',
    };
  }
  if (/i\/?o ?error/i.test(domain.reason)) {
    return {
      type: conditionTypes.paused,
      status: 'True',
      reason: 'PausedIOError',
      message: 'VMI was paused, low-level IO error detected',
    };
  }
  const why = domain.reason === '' ? 'unknown' : domain.reason;
  return {
    type: conditionTypes.paused,
    status: 'True',
    reason: 'Paused',
    message: `VMI was paused (${why})`,
  };
}

function liveMigratableCondition(vmi: VirtualMachineInstance): Condition {
  const blocker = liveMigrationBlocker(vmi);
  return blocker === undefined
    ? { type: conditionTypes.liveMigratable, status: 'True' }
    : { type: conditionTypes.liveMigratable, status: 'False', ...blocker };
}

/** The running-only conditions: Paused, AgentConnected, LiveMigratable. */
function runningConditions(
  vmi: VirtualMachineInstance,
  observation: LauncherObservation,
): Condition[] {
  const list: Condition[] = [];
  const domain = observation.domain;
  if (domain?.state === 'Paused') list.push(pausedCondition(domain));
  if (observation.guestInfo !== null && observation.guestInfo !== undefined) {
    list.push({ type: conditionTypes.agentConnected, status: 'True' });
  }
  list.push(liveMigratableCondition(vmi));
  return list;
}

/** The handler's conditions, without transition times. */
function handlerConditions(
  vmi: VirtualMachineInstance,
  phase: string,
  observation: LauncherObservation,
): Condition[] {
  const list = [readyCondition(phase, observation.domain)];
  if (phase === 'Running') list.push(...runningConditions(vmi, observation));
  if (observation.syncError !== undefined) {
    list.push({
      type: conditionTypes.synchronized,
      status: 'False',
      reason: 'SyncFailed',
      message: observation.syncError,
    });
  }
  if (observation.domain?.accel === 'tcg') {
    list.push({ status: 'True', ...softwareEmulationCondition });
  }
  return list;
}

/**
 * The VMI's whole condition list: the controller's conditions as they are, the handler's in
 * their place (new ones appended), each keeping its lastTransitionTime while its status holds.
 */
function mergeConditions(existing: readonly Condition[], wanted: Condition[], now: string) {
  const byType = new Map(wanted.map((c) => [c.type, c]));
  const stamped = (c: Condition): Condition => {
    const old = existing.find((e) => e.type === c.type);
    const time = old?.status === c.status ? (old.lastTransitionTime ?? now) : now;
    return { ...c, lastTransitionTime: time };
  };
  const merged: Condition[] = [];
  for (const condition of existing) {
    if (!handlerConditionTypes.includes(condition.type)) merged.push(condition);
    else {
      const next = byType.get(condition.type);
      if (next !== undefined) merged.push(stamped(next));
      byType.delete(condition.type);
    }
  }
  for (const condition of byType.values()) merged.push(stamped(condition));
  return merged;
}

function transitions(vmi: VirtualMachineInstance, phase: string, now: string) {
  const list = vmi.status?.phaseTransitionTimestamps ?? [];
  if (phase === (vmi.status?.phase ?? '') || phase === '') return list;
  return [...list, { phase: phase as VirtualMachineInstancePhase, phaseTransitionTimestamp: now }];
}

/** The handler-owned status fields `vmi` should have, given what the launcher said. */
export function desiredHandlerStatus(
  vmi: VirtualMachineInstance,
  observation: LauncherObservation,
  now: string,
): HandlerStatus {
  const { phase, reason } = phaseFromDomain(vmi, observation);
  const status: HandlerStatus = {
    conditions: mergeConditions(
      vmi.status?.conditions ?? [],
      handlerConditions(vmi, phase, observation),
      now,
    ),
    phaseTransitionTimestamps: transitions(vmi, phase, now),
  };
  if (phase !== '') status.phase = phase;
  if (reason !== undefined) status.reason = reason;
  if (phase === 'Running') status.interfaces = vmiInterfaces({ vmi, ...observation });
  const os = observation.guestInfo?.os ?? observation.domain?.guestOsInfo;
  if (os !== undefined) status.guestOSInfo = os;
  if (observation.launcherImage !== undefined) {
    status.launcherContainerImageVersion = observation.launcherImage;
  }
  return status;
}

/** JSON with sorted keys, and conditions sorted by type, for comparisons. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (Array.isArray(v) || v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
      a.localeCompare(b),
    );
    return Object.fromEntries(entries);
  });
}

function sameField(key: keyof HandlerStatus, a: unknown, b: unknown): boolean {
  if (key === 'conditions') {
    const byType = (list: unknown): unknown =>
      [...((list as Condition[] | undefined) ?? [])].sort((x, y) => x.type.localeCompare(y.type));
    return canonical(byType(a)) === canonical(byType(b));
  }
  return canonical(a) === canonical(b);
}

/**
 * The merge patch of `status` that brings the handler's fields of `vmi` in line with the
 * launcher's report (phase, reason, conditions, interfaces, guestOSInfo,
 * phaseTransitionTimestamps, launcherContainerImageVersion), holding only the fields that
 * changed; `undefined` when nothing did. Lists are carried whole: send the patch with the
 * VMI's resourceVersion as a precondition.
 */
export function vmiStatusFromDomain(
  vmi: VirtualMachineInstance,
  observation: LauncherObservation,
  now: string,
): HandlerStatus | undefined {
  const desired = desiredHandlerStatus(vmi, observation, now);
  const current = vmi.status ?? {};
  const patch: HandlerStatus = {};
  for (const [key, value] of Object.entries(desired) as [keyof HandlerStatus, unknown][]) {
    if (value !== undefined && !sameField(key, value, current[key])) {
      Object.assign(patch, { [key]: value });
    }
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}
