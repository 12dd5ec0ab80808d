import { conditions, type VirtualMachine, type VirtualMachineInstance } from '@podvisor/api';
import {
  badRequestError,
  conflictError,
  forbiddenError,
  type SubresourceError,
} from './subresource-error.ts';

/** The VMI subresources virt-api serves by calling the VMI's virt-handler. */
export const vmiActions = [
  'pause',
  'unpause',
  'softreboot',
  'reset',
  'guestosinfo',
  'console',
  'vnc',
  'vnc/screenshot',
  'spice',
] as const;

/** One of {@link vmiActions}. */
export type VmiAction = (typeof vmiActions)[number];

/** The streams among the actions (websocket upgrades). */
export const vmiStreams = ['console', 'vnc', 'spice'] as const;

/** One of {@link vmiStreams}. */
export type VmiStream = (typeof vmiStreams)[number];

/** KubeVirt's messages (pkg/virt-api/rest). */
export const vmiMessages = {
  vmNotRunning: 'VM is not running',
  vmiNotRunning: 'VMI is not running',
  vmiNotPaused: 'VMI is not paused',
  alreadyPaused: 'VMI is already paused',
  paused: 'VMI is paused',
  noAgent: 'VMI does not have guest agent connected',
  noAgentNorAcpi: 'VMI neither have the agent connected nor the ACPI feature enabled',
  livenessProbe: 'Pausing VMIs with a non-GuestAgentPing LivenessProbe is not supported',
  noSerialConsole: 'No serial consoles are present.',
  noGraphics: 'No graphics devices are present.',
  failed: 'VMI is in failed status',
  snapshotInProgress: 'VM snapshot is in progress',
} as const;

type Check = (vmi: VirtualMachineInstance) => SubresourceError | undefined;

function isRunning(vmi: VirtualMachineInstance): boolean {
  return vmi.status?.phase === 'Running';
}

/** Whether the VMI has a condition of `type` (with `status`, when given). */
function hasCondition(vmi: VirtualMachineInstance, type: string, status?: string): boolean {
  return (vmi.status?.conditions ?? []).some(
    (c) => c.type === type && (status === undefined || c.status === status),
  );
}

function conflict(vmi: VirtualMachineInstance, cause: string): SubresourceError {
  return conflictError('virtualmachineinstance', vmi.metadata.name ?? '', cause);
}

const checkPause: Check = (vmi) => {
  if (!isRunning(vmi)) return conflict(vmi, vmiMessages.vmNotRunning);
  const probe = vmi.spec.livenessProbe;
  if (probe !== undefined && probe.guestAgentPing === undefined) {
    return forbiddenError({
      resource: 'virtualmachineinstance',
      group: 'kubevirt.io',
      name: vmi.metadata.name ?? '',
      cause: vmiMessages.livenessProbe,
    });
  }
  if (hasCondition(vmi, conditions.paused)) return conflict(vmi, vmiMessages.alreadyPaused);
  return undefined;
};

const checkUnpause: Check = (vmi) => {
  if (!isRunning(vmi)) return conflict(vmi, vmiMessages.vmiNotRunning);
  if (!hasCondition(vmi, conditions.paused)) return conflict(vmi, vmiMessages.vmiNotPaused);
  return undefined;
};

const checkSoftReboot: Check = (vmi) => {
  if (!isRunning(vmi)) return conflict(vmi, vmiMessages.vmNotRunning);
  if (hasCondition(vmi, conditions.paused, 'True')) return conflict(vmi, vmiMessages.paused);
  const acpiOff = vmi.spec.domain.features?.acpi?.enabled === false;
  if (!hasCondition(vmi, conditions.agentConnected) && acpiOff) {
    return conflict(vmi, vmiMessages.noAgentNorAcpi);
  }
  return undefined;
};

const checkReset: Check = (vmi) => {
  if (isRunning(vmi)) return undefined;
  const phase = vmi.status?.phase ?? '';
  return badRequestError(
    `Failed to reset non-running VMI with phase ${phase}: Unable to connect to VirtualMachineInstance because phase is ${phase} instead of Running`,
  );
};

const checkGuestOsInfo: Check = (vmi) => {
  if (!isRunning(vmi)) return conflict(vmi, vmiMessages.vmiNotRunning);
  if (!hasCondition(vmi, conditions.agentConnected)) return conflict(vmi, vmiMessages.noAgent);
  return undefined;
};

const checkConsole: Check = (vmi) => {
  if (vmi.spec.domain.devices.autoattachSerialConsole === false) {
    return badRequestError(vmiMessages.noSerialConsole);
  }
  if (vmi.status?.phase === 'Failed') return conflict(vmi, vmiMessages.failed);
  if (!isRunning(vmi)) return badRequestError(vmiMessages.vmiNotRunning);
  return undefined;
};

const checkDisplay: Check = (vmi) => {
  if (vmi.spec.domain.devices.autoattachGraphicsDevice === false) {
    return badRequestError(vmiMessages.noGraphics);
  }
  if (!isRunning(vmi)) return badRequestError(vmiMessages.vmiNotRunning);
  return undefined;
};

const checks: Readonly<Record<VmiAction, Check>> = {
  pause: checkPause,
  unpause: checkUnpause,
  softreboot: checkSoftReboot,
  reset: checkReset,
  guestosinfo: checkGuestOsInfo,
  console: checkConsole,
  vnc: checkDisplay,
  'vnc/screenshot': checkDisplay,
  spice: checkDisplay,
};

/**
 * Whether `action` may be carried out on `vmi` now, with KubeVirt's answer when not: 409
 * Conflict for a VMI in the wrong state for an action (pause, unpause, softreboot,
 * guestosinfo), 400 BadRequest for a stream to a VMI that is not running or has no such device,
 * 403 for pausing a VMI with a liveness probe that is not a guest-agent ping.
 */
export function checkVmiAction(
  action: VmiAction,
  vmi: VirtualMachineInstance,
): SubresourceError | undefined {
  return checks[action](vmi);
}

/** Unpause's extra check on the VM of the same name, if any (a snapshot in progress: 409). */
export function checkUnpauseVm(vm: VirtualMachine | undefined): SubresourceError | undefined {
  const { snapshotInProgress } = (vm?.status ?? {}) as { snapshotInProgress?: unknown };
  if (vm === undefined || snapshotInProgress === undefined || snapshotInProgress === null) {
    return undefined;
  }
  return conflictError('virtualmachine', vm.metadata.name ?? '', vmiMessages.snapshotInProgress);
}
