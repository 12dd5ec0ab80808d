import {
  conditions,
  type VirtualMachine,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigration,
  type VirtualMachineRunStrategy,
  type VirtualMachineStateChangeRequest,
} from '@podvisor/api';
import type {
  MigrateOptions,
  RestartOptions,
  StartOptions,
  StopOptions,
} from './lifecycle-options.ts';
import {
  gracePeriodPatch,
  runStrategyPatch,
  stateChangePatch,
  type PatchOperation,
} from './state-change-patch.ts';
import { badRequestError, conflictError, notFoundError } from './subresource-error.ts';

/** One write a lifecycle action makes, in order: a JSON patch of the VM, its status or the VMI, or a migration. */
export type PlannedWrite =
  | { readonly target: 'vm' | 'vm-status' | 'vmi'; readonly patch: readonly PatchOperation[] }
  | { readonly target: 'migration'; readonly object: VirtualMachineInstanceMigration };

/** What a lifecycle decision looks at: the VM and its VMI (same name), if any. */
export interface LifecycleState {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}

/** KubeVirt's messages (pkg/virt-api/rest/lifecycle.go). */
export const lifecycleMessages = {
  vmNotRunning: 'VM is not running',
  alreadyRunning: 'VM is already running',
  manualRecovery:
    'VM recovery required: Volume migration failed, leaving some volumes pointing to non-consistent targets; manual intervention is needed to reassign them to their original volumes.',
  forceRestartOnlyZero: 'For force restart, only gracePeriod=0 is supported for now',
  negativeGracePeriod: 'gracePeriod has to be greater or equal to 0',
} as const;

/** The run strategy of a VM: `spec.runStrategy`, else the deprecated `spec.running`, else Halted. */
export function runStrategyOf(vm: VirtualMachine): VirtualMachineRunStrategy {
  if (vm.spec.runStrategy !== undefined) return vm.spec.runStrategy;
  const { running } = vm.spec as { running?: unknown };
  return running === true ? 'Always' : 'Halted';
}

function isFinal(vmi: VirtualMachineInstance | undefined): boolean {
  const phase = vmi?.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function hasVmCondition(vm: VirtualMachine, type: string): boolean {
  return (vm.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

function nameOf(vm: VirtualMachine): string {
  return vm.metadata.name ?? '';
}

function vmConflict(vm: VirtualMachine, cause: string): Error {
  return conflictError('virtualmachine', nameOf(vm), cause);
}

function stopFor(vmi: VirtualMachineInstance): VirtualMachineStateChangeRequest {
  const uid = vmi.metadata.uid;
  return uid === undefined ? { action: 'Stop' } : { action: 'Stop', uid };
}

function startRequest(paused: boolean): VirtualMachineStateChangeRequest {
  return paused ? { action: 'Start', data: { paused: 'true' } } : { action: 'Start' };
}

function statusWrite(
  vm: VirtualMachine,
  changes: readonly VirtualMachineStateChangeRequest[],
): PlannedWrite {
  return { target: 'vm-status', patch: stateChangePatch(vm, changes) };
}

function startHalted(vm: VirtualMachine, options: StartOptions): PlannedWrite[] {
  const startsPaused = vm.spec.template.spec?.startStrategy === 'Paused';
  if (options.paused && !startsPaused) return [statusWrite(vm, [startRequest(true)])];
  return [{ target: 'vm', patch: runStrategyPatch(vm, true) }];
}

function startOnDemand(
  state: LifecycleState,
  strategy: VirtualMachineRunStrategy,
  options: StartOptions,
): PlannedWrite[] {
  const { vm, vmi } = state;
  const phase = vmi?.status?.phase;
  if (strategy === 'RerunOnFailure' && phase === 'Failed') {
    throw vmConflict(vm, 'RerunOnFailure does not support starting VM from failed state');
  }
  const restart =
    vmi !== undefined && (strategy === 'RerunOnFailure' ? phase === 'Succeeded' : isFinal(vmi));
  const start = startRequest(options.paused);
  return [statusWrite(vm, restart ? [stopFor(vmi), start] : [start])];
}

/**
 * `virtualmachines/start` (KubeVirt's StartVMRequestHandler): 409 when a live VMI exists or
 * manual recovery is required; Halted patches the run strategy to Always (or, for a paused
 * start, queues a Start request with `paused=true`); Manual and RerunOnFailure queue a Start
 * (Stop+Start over a finished VMI; RerunOnFailure refuses a Failed one); Always, Once and
 * WaitAsReceiver refuse manual starts.
 */
export function decideStart(state: LifecycleState, options: StartOptions): PlannedWrite[] {
  const { vm, vmi } = state;
  const phase = vmi?.status?.phase ?? '';
  if (vmi !== undefined && !isFinal(vmi) && phase !== 'Unknown' && phase !== '') {
    throw vmConflict(vm, lifecycleMessages.alreadyRunning);
  }
  if (hasVmCondition(vm, conditions.manualRecoveryRequired)) {
    throw vmConflict(vm, lifecycleMessages.manualRecovery);
  }
  const strategy = runStrategyOf(vm);
  switch (strategy) {
    case 'Halted':
      return startHalted(vm, options);
    case 'Manual':
    case 'RerunOnFailure':
      return startOnDemand(state, strategy, options);
    default:
      throw vmConflict(vm, `${strategy} does not support manual start requests`);
  }
}

function stopGracePeriodWrites(state: LifecycleState, options: StopOptions): PlannedWrite[] {
  const { vmi } = state;
  if (vmi === undefined || isFinal(vmi) || options.gracePeriod === undefined) return [];
  const current = vmi.spec.terminationGracePeriodSeconds;
  return [{ target: 'vmi', patch: gracePeriodPatch(current, options.gracePeriod) }];
}

function stopRequestWrites(
  state: LifecycleState,
  strategy: VirtualMachineRunStrategy,
  options: StopOptions,
): PlannedWrite[] {
  const { vm, vmi } = state;
  if (vmi === undefined || isFinal(vmi)) throw vmConflict(vm, lifecycleMessages.vmNotRunning);
  if (strategy === 'Halted') {
    const current = vmi.spec.terminationGracePeriodSeconds;
    const shorter =
      options.gracePeriod !== undefined && (current === undefined || options.gracePeriod < current);
    if (!shorter) {
      throw vmConflict(vm, 'Halted only supports manual stop requests with a shorter graceperiod');
    }
  }
  return [statusWrite(vm, [stopFor(vmi)])];
}

/**
 * `virtualmachines/stop` (KubeVirt's StopVMRequestHandler): Always and Once patch the run
 * strategy to Halted; Manual and RerunOnFailure queue a Stop of the VMI (409 without a live
 * VMI); Halted only accepts a force stop with a shorter grace period than the VMI's. A grace
 * period first patches the live VMI's `terminationGracePeriodSeconds` (only when the stop is
 * accepted, unlike KubeVirt, which patches before it decides).
 */
export function decideStop(state: LifecycleState, options: StopOptions): PlannedWrite[] {
  const strategy = runStrategyOf(state.vm);
  const action: PlannedWrite[] =
    strategy === 'Always' || strategy === 'Once'
      ? [{ target: 'vm', patch: runStrategyPatch(state.vm, false) }]
      : stopRequestWrites(state, strategy, options);
  return [...stopGracePeriodWrites(state, options), ...action];
}

/**
 * `virtualmachines/restart` (KubeVirt's RestartVMRequestHandler): queues Stop(uid)+Start; 400
 * for a grace period other than 0, 409 for Halted and Once, without a VMI, with pending
 * requests, or when manual recovery is required. A forced restart (`gracePeriodSeconds: 0`)
 * first lowers the VMI's grace period to 1 s (KubeVirt deletes the launcher pod with grace 1).
 */
export function decideRestart(state: LifecycleState, options: RestartOptions): PlannedWrite[] {
  const { vm, vmi } = state;
  const grace = options.gracePeriodSeconds;
  if (grace !== undefined && grace > 0)
    throw badRequestError(lifecycleMessages.forceRestartOnlyZero);
  if (grace !== undefined && grace < 0)
    throw badRequestError(lifecycleMessages.negativeGracePeriod);
  if (hasVmCondition(vm, conditions.volumesChange)) {
    throw vmConflict(vm, lifecycleMessages.manualRecovery);
  }
  const strategy = runStrategyOf(vm);
  if (strategy === 'Halted' || strategy === 'Once') {
    throw vmConflict(vm, `RunStategy ${strategy} does not support manual restart requests`);
  }
  if (vmi === undefined) throw vmConflict(vm, `${lifecycleMessages.vmNotRunning}: Halted`);
  const writes: PlannedWrite[] = [statusWrite(vm, [stopFor(vmi), startRequest(false)])];
  if (grace === 0 && !isFinal(vmi)) {
    const current = vmi.spec.terminationGracePeriodSeconds;
    writes.unshift({ target: 'vmi', patch: gracePeriodPatch(current, 1) });
  }
  return writes;
}

/**
 * `virtualmachines/migrate` (KubeVirt's MigrateVMRequestHandler): 404 without a VMI, 409 when
 * it is not Running; otherwise a VirtualMachineInstanceMigration named `kubevirt-migrate-vm-…`.
 */
export function decideMigrate(state: LifecycleState, options: MigrateOptions): PlannedWrite[] {
  const { vm, vmi } = state;
  const name = nameOf(vm);
  if (vmi === undefined) throw notFoundError('virtualmachineinstance', name);
  if (vmi.status?.phase !== 'Running') throw vmConflict(vm, lifecycleMessages.vmNotRunning);
  const object: VirtualMachineInstanceMigration = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: {
      generateName: 'kubevirt-migrate-vm-',
      ...(vm.metadata.namespace === undefined ? {} : { namespace: vm.metadata.namespace }),
    },
    spec: {
      vmiName: name,
      ...(options.addedNodeSelector === undefined
        ? {}
        : { addedNodeSelector: { ...options.addedNodeSelector } }),
    },
  };
  return [{ target: 'migration', object }];
}
