import type { V1Pod } from '@kubernetes/client-node';
import {
  kubevirtResources,
  labels,
  type VirtualMachine,
  type VirtualMachineInstance,
} from '@podvisor/api';
import {
  controllerOwnerKey,
  enqueueOnChange,
  indexByLabel,
  realClock,
  runController,
  type Clock,
  type ControllerMetricsSink,
  type EventRecorder,
  type IndexFunction,
  type Informer,
  type KubeClient,
  type Logger,
  type Reconciler,
  type RunningController,
} from '@podvisor/kube';
import { defaultCrashLoopBackoff, type CrashLoopBackoff } from './start-failure.ts';
import { VmReconciler } from './vm-reconciler.ts';

/** The indexers the launcher pod informer needs: by `kubevirt.io/created-by` (the VMI's UID). */
export const launcherPodIndexers: Readonly<Record<string, IndexFunction<V1Pod>>> = {
  [labels.createdBy]: indexByLabel(labels.createdBy),
};

type SourceInformer<T extends object> = Pick<Informer<T>, 'on' | 'get' | 'synced'>;

/** What the VM controller runs on (contract 8 of issue 7, plus `pods`). */
export interface VmControllerDeps {
  /** A client with virt-controller's field manager (`podvisor-virt-controller`). */
  readonly client: KubeClient;
  readonly vms: SourceInformer<VirtualMachine>;
  readonly vmis: SourceInformer<VirtualMachineInstance>;
  /** Launcher pods (`kubevirt.io=virt-launcher`), with {@link launcherPodIndexers}. */
  readonly pods: SourceInformer<V1Pod> & Pick<Informer<V1Pod>, 'byIndex' | 'list'>;
  readonly events: EventRecorder;
  readonly logger: Logger;
  readonly metrics?: ControllerMetricsSink;
  readonly clock?: Clock;
  /** Stops the controller when aborted. */
  readonly signal: AbortSignal;
  /** Crash-loop backoff; KubeVirt's by default (tests shorten it). */
  readonly backoff?: Partial<CrashLoopBackoff>;
  /** The backoff's jitter source, [0, 1); `Math.random` by default. */
  readonly random?: () => number;
  /** How long a VMI create or delete may stay unseen before acting again; 60 s by default. */
  readonly expectationTimeoutMs?: number;
}

/**
 * Starts the VM controller: VMs, their VMIs (same key) and the VMIs' launcher pods enqueue the
 * VM's key; each key is reconciled by {@link VmReconciler} once the three caches are synced.
 * The informers are started (and stopped) by the caller. Aborting `signal` or calling `stop()`
 * unsubscribes and waits for in-flight reconciles.
 */
export function startVmController(deps: VmControllerDeps): RunningController {
  const clock = deps.clock ?? realClock;
  const reconciler = new VmReconciler({
    client: deps.client,
    vms: deps.vms,
    vmis: deps.vmis,
    pods: deps.pods,
    events: deps.events,
    clock,
    backoff: { ...defaultCrashLoopBackoff, ...deps.backoff },
    expectationTimeoutMs: deps.expectationTimeoutMs ?? 60_000,
    ...(deps.random ? { random: deps.random } : {}),
  });
  const synced = Promise.all([deps.vms.synced, deps.vmis.synced, deps.pods.synced]);
  const running = runController({
    name: 'virtualmachine',
    reconciler: afterSync(reconciler, synced),
    logger: deps.logger,
    clock,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  const vmiOwner = controllerOwnerKey({
    kind: kubevirtResources.virtualmachineinstances.kind,
    apiGroup: 'kubevirt.io',
  });
  const unsubscribe = [
    enqueueOnChange(deps.vms, running.queue),
    enqueueOnChange(deps.vmis, running.queue),
    enqueueOnChange(deps.pods, running.queue, vmiOwner),
  ];
  const stop = async (): Promise<void> => {
    for (const off of unsubscribe) off();
    await running.stop();
  };
  if (deps.signal.aborted) void stop();
  else deps.signal.addEventListener('abort', () => void stop(), { once: true });
  return { queue: running.queue, stop };
}

/** Holds reconciles until the caches are synced (or the reconcile is aborted). */
function afterSync(inner: Reconciler, synced: Promise<unknown>): Reconciler {
  return {
    async reconcile(key, ctx) {
      await Promise.race([synced, aborted(ctx.signal)]);
      if (ctx.signal.aborted) return undefined;
      return inner.reconcile(key, ctx);
    },
  };
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else {
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
    }
  });
}
