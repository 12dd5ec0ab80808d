import { ApiException, type V1Pod } from '@kubernetes/client-node';
import {
  finalizers,
  kubevirtResources,
  labels,
  type VirtualMachine,
  type VirtualMachineInstance,
  type VirtualMachineRunStrategy,
} from '@podvisor/api';
import {
  isAlreadyExists,
  isConflict,
  isNotFound,
  type Clock,
  type EventRecorder,
  type Informer,
  type KubeClient,
  type Logger,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
  type ResourceType,
} from '@podvisor/kube';
import { computeVmStatus, type SyncFailure } from './compute-vm-status.ts';
import { decideVmAction, type VmAction } from './decide-vm-action.ts';
import { imagePullStateOf } from './image-pull-state-of.ts';
import { NewestVms } from './newest-vms.ts';
import { runStrategyOf } from './run-strategy-of.ts';
import { stableAtMs, type CrashLoopBackoff } from './start-failure.ts';
import { statusPatch } from './status-patch.ts';
import { isDeleting, isFinal, phaseOf } from './vmi-facts.ts';
import { VmiExpectations } from './vmi-expectations.ts';
import { isControlledBy, vmiFromVm } from './vmi-from-vm.ts';

const vmType = kubevirtResources.virtualmachines;
const vmiType = kubevirtResources.virtualmachineinstances;
const vmFinalizer = finalizers.virtualMachineController;

/** What the VM reconciler reads and writes through. */
export interface VmReconcilerDeps {
  readonly client: KubeClient;
  readonly vms: Pick<Informer<VirtualMachine>, 'get'>;
  readonly vmis: Pick<Informer<VirtualMachineInstance>, 'get'>;
  /** Launcher pods, indexed by `kubevirt.io/created-by` (see `launcherPodIndexers`). */
  readonly pods: Pick<Informer<V1Pod>, 'byIndex' | 'list'>;
  readonly events: EventRecorder;
  readonly clock: Clock;
  readonly backoff: CrashLoopBackoff;
  readonly random?: () => number;
  /** How long a create or delete may stay unobserved before the controller acts again. */
  readonly expectationTimeoutMs: number;
}

/** What one reconcile observed and did, for the status. */
interface Round {
  readonly key: string;
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
  readonly runStrategy: VirtualMachineRunStrategy;
  readonly nowMs: number;
  readonly logger: Logger;
  addStartRequest: boolean;
  syncFailure: SyncFailure | undefined;
  requeueAfterMs: number | undefined;
}

/** The message of a failed API call: the Status's message when the server sent one. */
export function apiErrorMessage(error: unknown): string {
  if (error instanceof ApiException && typeof error.body === 'string') {
    try {
      const { message } = JSON.parse(error.body) as { message?: unknown };
      if (typeof message === 'string' && message !== '') return message;
    } catch {
      // not a Status: fall through
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The VM controller's reconciler (KubeVirt's `watch/vm/vm.go`): for the VM of a key it keeps
 * its finalizer, decides from the run strategy and the first state change request whether to
 * create or delete the VMI ({@link decideVmAction}), records Events, writes the status
 * ({@link computeVmStatus}) as a resourceVersion-guarded merge patch only when it changed, and
 * removes its finalizer from VMIs that are final or deleting.
 */
export class VmReconciler implements Reconciler {
  readonly #deps: VmReconcilerDeps;
  readonly #expectations: VmiExpectations;
  readonly #newest = new NewestVms();

  constructor(deps: VmReconcilerDeps) {
    this.#deps = deps;
    this.#expectations = new VmiExpectations(deps.expectationTimeoutMs);
  }

  async reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult> {
    const cached = this.#deps.vms.get(key);
    if (!cached) {
      this.#expectations.forget(key);
      this.#newest.forget(key);
      return undefined;
    }
    const nowMs = this.#deps.clock.now();
    const found = this.#deps.vmis.get(key);
    const pendingMs = this.#expectations.pendingMs(key, found, nowMs);
    if (pendingMs > 0) return { requeueAfterMs: pendingMs };
    let vm = this.#newest.pick(key, cached);
    if (!isDeleting(vm)) vm = await this.#ensureVmFinalizer(key, vm);
    const vmi = found && isControlledBy(found, vm) ? found : undefined;
    const foreign = found !== undefined && vmi === undefined;
    const round: Round = {
      key,
      vm,
      vmi,
      runStrategy: runStrategyOf(vm),
      nowMs,
      logger: ctx.logger,
      addStartRequest: false,
      syncFailure: undefined,
      requeueAfterMs: undefined,
    };
    if (foreign) round.syncFailure = foreignVmi(found);
    else if (await this.#act(round)) return undefined;
    await this.#writeStatus(round);
    await this.#releaseVmi(round);
    // A failed create or delete is retried with backoff; a foreign VMI waits for its events.
    if (round.syncFailure && !foreign) {
      throw new Error(`${key}: ${round.syncFailure.message}`);
    }
    return this.#nextCheck(round);
  }

  /** Carries out the decided action; true when the VM is finished with (its finalizer released). */
  async #act(round: Round): Promise<boolean> {
    const action = decideVmAction(round);
    switch (action.type) {
      case 'create':
        await this.#createVmi(round, action.paused);
        return false;
      case 'delete':
        await this.#deleteVmi(round, action);
        return false;
      case 'wait':
        round.logger.info(
          { retryInMs: action.retryInMs },
          'delaying the start (crash-loop backoff)',
        );
        round.requeueAfterMs = action.retryInMs;
        return false;
      case 'startHalted':
        await this.#startHalted(round);
        return false;
      case 'finalize':
        await this.#removeFinalizer(vmType, round.vm, round.logger);
        return true;
      case 'none':
        return false;
    }
  }

  async #ensureVmFinalizer(key: string, vm: VirtualMachine): Promise<VirtualMachine> {
    if (vm.metadata.finalizers?.includes(vmFinalizer)) return vm;
    const updated = await this.#deps.client.addFinalizer(vmType, vm, vmFinalizer);
    this.#newest.remember(key, updated);
    return updated;
  }

  async #createVmi(round: Round, paused: boolean): Promise<void> {
    const { vm, key } = round;
    const vmi = vmiFromVm(vm, { paused });
    try {
      await this.#deps.client.create(vmiType, vmi);
    } catch (error: unknown) {
      if (isAlreadyExists(error)) {
        // The cache is behind: the VMI is there; wait for it to show up.
        this.#expectations.expectCreate(key, round.nowMs);
        return;
      }
      const message = apiErrorMessage(error);
      this.#deps.events.record(vm, {
        type: 'Warning',
        reason: 'FailedCreate',
        message: `Error creating virtual machine instance: ${message}`,
      });
      round.syncFailure = {
        reason: 'FailedCreate',
        message: `Failure while starting VMI: ${message}`,
      };
      return;
    }
    this.#expectations.expectCreate(key, round.nowMs);
    round.logger.info({ runStrategy: round.runStrategy }, 'started the VM by creating its VMI');
    this.#deps.events.record(vm, {
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `Started the virtual machine by creating the new virtual machine instance ${vmi.metadata.name ?? ''}`,
    });
  }

  async #deleteVmi(round: Round, action: Extract<VmAction, { type: 'delete' }>): Promise<void> {
    const { vm, key } = round;
    const uid = action.vmi.metadata.uid ?? '';
    const name = action.vmi.metadata.name ?? '';
    try {
      await this.#deps.client.delete(vmiType, key, { uid });
    } catch (error: unknown) {
      const message = apiErrorMessage(error);
      this.#deps.events.record(vm, {
        type: 'Warning',
        reason: 'FailedDelete',
        message: `Error deleting virtual machine instance ${name}: ${message}`,
      });
      round.syncFailure = {
        reason: 'FailedDelete',
        message: `Failure attempting to delete VMI: ${message}`,
      };
      return;
    }
    this.#expectations.expectDelete(key, uid, round.nowMs);
    round.addStartRequest = action.thenStart;
    round.logger.info(
      { phase: phaseOf(action.vmi), runStrategy: round.runStrategy },
      'stopped the VM by deleting its VMI',
    );
    this.#deps.events.record(vm, {
      type: 'Normal',
      reason: 'SuccessfulDelete',
      message: `Stopped the virtual machine by deleting the virtual machine instance ${uid}`,
    });
  }

  /** A Start request on a Halted VM switches it to Always (KubeVirt: `running: true` if it used that field). */
  async #startHalted(round: Round): Promise<void> {
    const { vm } = round;
    const spec = vm.spec.runStrategy === undefined ? { running: true } : { runStrategy: 'Always' };
    const updated = await this.#deps.client.patch<VirtualMachine>(
      vmType,
      round.key,
      { spec },
      { resourceVersion: vm.metadata.resourceVersion ?? '' },
    );
    this.#newest.remember(round.key, updated);
  }

  async #writeStatus(round: Round): Promise<void> {
    const { vm, vmi, key } = round;
    const pods = vmi ? launcherPodsOf(this.#deps.pods, vmi) : [];
    const status = computeVmStatus({
      ...round,
      backoff: this.#deps.backoff,
      ...(this.#deps.random ? { random: this.#deps.random } : {}),
      startExpected: this.#expectations.startExpected(key),
      stopExpected: this.#expectations.stopExpected(key),
      imagePull: imagePullStateOf(pods),
    });
    const patch = statusPatch(vm.status, status);
    if (!patch) return;
    const updated = await this.#deps.client.patchStatus<VirtualMachine>(vmType, key, patch, {
      resourceVersion: vm.metadata.resourceVersion ?? '',
    });
    this.#newest.remember(key, updated);
  }

  /** Removes the controller's finalizer from its VMI once that is final or deleting. */
  async #releaseVmi(round: Round): Promise<void> {
    const { vmi } = round;
    if (!vmi || this.#expectations.stopExpected(round.key)) return;
    if (!isFinal(vmi) && !isDeleting(vmi)) return;
    await this.#removeFinalizer(vmiType, vmi, round.logger);
  }

  /**
   * Removes the controller's finalizer. An object already gone (404) needs nothing more; a
   * stale one (409) has a newer version on its way through the informer, which reconciles again.
   */
  async #removeFinalizer(
    type: ResourceType,
    object: VirtualMachine | VirtualMachineInstance,
    logger: Logger,
  ): Promise<void> {
    try {
      await this.#deps.client.removeFinalizer(type, object, vmFinalizer);
    } catch (error: unknown) {
      if (!isNotFound(error) && !isConflict(error)) throw error;
      logger.debug(
        { kind: object.kind, err: error },
        'finalizer not removed yet (object gone or changed)',
      );
    }
  }

  /** When to look again: the backoff's end, or when a running VMI's start counts as stable. */
  #nextCheck(round: Round): ReconcileResult {
    const delays: number[] = [];
    if (round.requeueAfterMs !== undefined) delays.push(round.requeueAfterMs);
    const { vmi, vm } = round;
    if (vmi && !isFinal(vmi) && vm.status?.startFailure !== undefined) {
      const stableAt = stableAtMs(vmi, this.#deps.backoff);
      if (stableAt !== undefined && stableAt > round.nowMs) delays.push(stableAt - round.nowMs);
    }
    return delays.length > 0 ? { requeueAfterMs: Math.min(...delays) } : undefined;
  }
}

/** A VMI of the VM's name that another owner controls blocks the VM: a Failure condition says so. */
function foreignVmi(vmi: VirtualMachineInstance): SyncFailure {
  return {
    reason: 'FailedCreate',
    message: `Failure while starting VMI: a VirtualMachineInstance named ${vmi.metadata.name ?? ''} already exists and is not controlled by this VirtualMachine`,
  };
}

/** The launcher pods of `vmi`, through the `kubevirt.io/created-by` index (or a scan without it). */
export function launcherPodsOf(
  pods: Pick<Informer<V1Pod>, 'byIndex' | 'list'>,
  vmi: VirtualMachineInstance,
): V1Pod[] {
  const uid = vmi.metadata.uid ?? '';
  try {
    return pods.byIndex(labels.createdBy, uid);
  } catch {
    return pods
      .list(vmi.metadata.namespace)
      .filter((pod) => pod.metadata?.labels?.[labels.createdBy] === uid);
  }
}
