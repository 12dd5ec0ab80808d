import type {
  VirtualMachine,
  VirtualMachineCondition,
  VirtualMachineInstance,
} from '@podvisor/api';

/** How a condition reads: fine, worth a look, or a failure. */
export type ConditionSeverity = 'ok' | 'info' | 'warning' | 'danger';

/** One condition of the VM or of its VMI. */
export interface VmConditionRow {
  /** `VirtualMachine/Ready`: unique within the rows. */
  readonly key: string;
  readonly object: 'VirtualMachine' | 'VirtualMachineInstance';
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string | undefined;
  readonly message: string | undefined;
  /** lastTransitionTime in epoch milliseconds. */
  readonly lastTransition: number | undefined;
  readonly severity: ConditionSeverity;
}

/** Conditions that should be True; False means the VM is held back. */
const wantedTrue = new Set(['Ready', 'PodScheduled', 'DataVolumesReady', 'Synchronized']);
/** Conditions that report a failure when True. */
const failureWhenTrue = new Set(['Failure', 'ProvisioningFailed', 'UnsupportedAgent']);
/** Conditions that ask the user to act when True. */
const noticeWhenTrue = new Set(['RestartRequired', 'MigrationRequired', 'Paused']);

/** How serious `condition` is, by KubeVirt's condition types. */
export function conditionSeverity(condition: {
  readonly type: string;
  readonly status: string;
}): ConditionSeverity {
  const isTrue = condition.status === 'True';
  if (failureWhenTrue.has(condition.type)) return isTrue ? 'danger' : 'ok';
  if (noticeWhenTrue.has(condition.type)) return isTrue ? 'warning' : 'ok';
  if (wantedTrue.has(condition.type)) return isTrue ? 'ok' : 'warning';
  return 'info';
}

/** A timestamp in epoch milliseconds, `undefined` when absent or unreadable. */
export function timestampMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function rowsOf(
  object: VmConditionRow['object'],
  conditions: readonly VirtualMachineCondition[],
): VmConditionRow[] {
  return conditions.map((condition) => ({
    key: `${object}/${condition.type}`,
    object,
    type: condition.type,
    status: condition.status,
    reason: condition.reason === '' ? undefined : condition.reason,
    message: condition.message === '' ? undefined : condition.message,
    lastTransition: timestampMs(condition.lastTransitionTime),
    severity: conditionSeverity(condition),
  }));
}

/** The conditions of the VM, then those of its VMI (when it has one), in the server's order. */
export function vmConditionRows(
  vm: VirtualMachine,
  vmi: VirtualMachineInstance | undefined,
): VmConditionRow[] {
  return [
    ...rowsOf('VirtualMachine', vm.status?.conditions ?? []),
    ...rowsOf('VirtualMachineInstance', vmi?.status?.conditions ?? []),
  ];
}

/** When the VMI entered one phase. */
export interface VmiPhaseTransition {
  readonly phase: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** The VMI's phase transitions, oldest first; entries without a readable time are left out. */
export function vmiPhaseTransitions(vmi: VirtualMachineInstance | undefined): VmiPhaseTransition[] {
  const transitions: VmiPhaseTransition[] = [];
  for (const entry of vmi?.status?.phaseTransitionTimestamps ?? []) {
    const at = timestampMs(entry.phaseTransitionTimestamp);
    if (at !== undefined && entry.phase !== undefined && entry.phase !== '')
      transitions.push({ phase: entry.phase, at });
  }
  return transitions.sort((a, b) => a.at - b.at);
}
