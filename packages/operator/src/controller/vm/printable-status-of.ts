import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachinePrintableStatus,
  VirtualMachineRunStrategy,
} from '@podvisor/api';
import { conditions } from '@podvisor/api';
import { backoffRunStrategies } from './run-strategy-of.ts';
import type { StartFailure } from './start-failure.ts';
import { hasCondition, isDeleting, isFinal, isMigrating, phaseOf } from './vmi-facts.ts';

/** The image pull trouble of a launcher pod's containers, if any. */
export type ImagePullState = 'ErrImagePull' | 'ImagePullBackOff' | undefined;

/** What {@link printableStatusOf} looks at. */
export interface PrintableStatusInput {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
  readonly runStrategy: VirtualMachineRunStrategy;
  /** The VM's (new) start failure record. */
  readonly startFailure: StartFailure | undefined;
  /** A VMI was created for the VM and has not shown up yet. */
  readonly startExpected: boolean;
  /** The VMI was deleted and the deletion has not shown up yet. */
  readonly stopExpected: boolean;
  /** From the launcher pod's container states. */
  readonly imagePull: ImagePullState;
}

type Check = (input: PrintableStatusInput) => boolean;

const synchronizedFalse = (input: PrintableStatusInput, reason: string): boolean =>
  hasCondition(input.vmi, conditions.synchronized, 'False', reason);

const paused = (vmi: VirtualMachineInstance): boolean =>
  hasCondition(vmi, conditions.paused, 'True');

/** KubeVirt's order (vm.go setPrintableStatus): the first status whose check holds wins. */
const checks: readonly (readonly [VirtualMachinePrintableStatus, Check])[] = [
  ['Terminating', ({ vm }) => isDeleting(vm)],
  [
    'Stopping',
    ({ vmi, stopExpected }) => !!vmi && !isFinal(vmi) && (isDeleting(vmi) || stopExpected),
  ],
  ['Migrating', ({ vmi }) => !!vmi && isMigrating(vmi)],
  ['Paused', ({ vmi }) => !!vmi && phaseOf(vmi) === 'Running' && paused(vmi)],
  ['Running', ({ vmi }) => !!vmi && phaseOf(vmi) === 'Running' && !paused(vmi)],
  ['ErrorPvcNotFound', (input) => synchronizedFalse(input, 'FailedPvcNotFound')],
  [
    'ErrorUnschedulable',
    ({ vmi }) => hasCondition(vmi, conditions.podScheduled, 'False', 'Unschedulable'),
  ],
  [
    'ErrImagePull',
    (input) => input.imagePull === 'ErrImagePull' || synchronizedFalse(input, 'ErrImagePull'),
  ],
  [
    'ImagePullBackOff',
    (input) =>
      input.imagePull === 'ImagePullBackOff' || synchronizedFalse(input, 'ImagePullBackOff'),
  ],
  ['Starting', isStarting],
  ['CrashLoopBackOff', isCrashLooping],
  ['Stopped', ({ vmi, startExpected }) => (vmi ? isFinal(vmi) : !startExpected)],
  [
    'WaitingForReceiver',
    ({ vmi, runStrategy }) =>
      runStrategy === 'WaitAsReceiver' && (!vmi || phaseOf(vmi) === 'WaitingForSync'),
  ],
];

function isStarting({ vmi, startExpected }: PrintableStatusInput): boolean {
  if (!vmi) return startExpected;
  const phase = phaseOf(vmi);
  return phase === '' || phase === 'Pending' || phase === 'Scheduling' || phase === 'Scheduled';
}

function isCrashLooping(input: PrintableStatusInput): boolean {
  const { vmi, startFailure } = input;
  if ((vmi && !isFinal(vmi)) || input.startExpected) return false;
  return (
    (startFailure?.consecutiveFailCount ?? 0) > 0 && backoffRunStrategies.has(input.runStrategy)
  );
}

/**
 * The VM's `printableStatus` (the STATUS column), in KubeVirt's precedence: Terminating,
 * Stopping, Migrating, Paused, Running, ErrorPvcNotFound, ErrorUnschedulable, ErrImagePull,
 * ImagePullBackOff, Starting, CrashLoopBackOff, Stopped, WaitingForReceiver, else Unknown.
 * (DataVolumeError, Provisioning and WaitingForVolumeBinding need CDI and never apply here.)
 */
export function printableStatusOf(input: PrintableStatusInput): VirtualMachinePrintableStatus {
  for (const [status, check] of checks) {
    if (check(input)) return status;
  }
  return 'Unknown';
}
