import type { V1Pod } from '@kubernetes/client-node';
import { finalizers, kubevirtResources, labels, type VirtualMachineInstance } from '@podvisor/api';
import {
  TerminalError,
  realClock,
  type Clock,
  type EventRecorder,
  type Informer,
  type KubeClient,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '@podvisor/kube';
import { coreResources } from '../core-resources.ts';
import { launcherPod, type LauncherPodConfig } from './launcher-pod.ts';
import { planVmi, type VmiPlan } from './plan-vmi.ts';
import { PodExpectations } from '../pod-expectations.ts';

/** What the VMI controller works with. */
export interface VmiReconcilerDeps {
  /** virt-controller's client (field manager `podvisor-virt-controller`). */
  readonly client: KubeClient;
  readonly vmis: Informer<VirtualMachineInstance>;
  /** Launcher pods, indexed by the label `kubevirt.io/created-by` (index of the same name). */
  readonly pods: Informer<V1Pod>;
  readonly events: EventRecorder;
  readonly launcherPod: LauncherPodConfig;
  readonly clock?: Clock;
  /** How long virt-handler has to report a final pod's outcome first (10 s by default). */
  readonly handlerGraceMs?: number;
  /** How long a created pod may take to reach the cache before it counts as lost (30 s). */
  readonly podCreationTimeoutMs?: number;
}

const vmiType = kubevirtResources.virtualmachineinstances;
const vmiFinalizer = finalizers.virtualMachineInstance;

function keyOf(object: { metadata?: { namespace?: string; name?: string } }): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The VMI controller's reconciler: reads the VMI and its launcher pods from the caches, plans
 * with the pure {@link planVmi} and carries the plan out — the finalizer, the pod (Events
 * SuccessfulCreate / FailedCreate / SuccessfulDelete), the `kubevirt.io/nodeName` label, and
 * the status as a merge patch guarded by resourceVersion, so a stale cache or a concurrent
 * virt-handler write makes it retry instead of overwriting.
 */
export function createVmiReconciler(deps: VmiReconcilerDeps): Reconciler {
  const clock = deps.clock ?? realClock;
  const expectations = new PodExpectations(deps.podCreationTimeoutMs ?? 30_000);
  const handlerGraceMs = deps.handlerGraceMs ?? 10_000;

  async function createPod(vmi: VirtualMachineInstance, uid: string): Promise<void> {
    try {
      const created = await deps.client.create(
        coreResources.pods,
        launcherPod(vmi, deps.launcherPod),
      );
      expectations.created(uid, clock.now());
      const message = `Created virtual machine pod ${created.metadata?.name ?? ''}`;
      deps.events.record(vmi, { type: 'Normal', reason: 'SuccessfulCreate', message });
    } catch (error: unknown) {
      const message = `Error creating pod: ${messageOf(error)}`;
      deps.events.record(vmi, { type: 'Warning', reason: 'FailedCreate', message });
      throw error;
    }
  }

  async function deletePod(vmi: VirtualMachineInstance, pod: V1Pod): Promise<void> {
    const deleted = await deps.client.delete(coreResources.pods, keyOf(pod), {
      ...(pod.metadata?.uid === undefined ? {} : { uid: pod.metadata.uid }),
    });
    if (!deleted) return;
    const message = `Deleted virtual machine pod ${pod.metadata?.name ?? ''}`;
    deps.events.record(vmi, { type: 'Normal', reason: 'SuccessfulDelete', message });
  }

  async function carryOut(vmi: VirtualMachineInstance, uid: string, plan: VmiPlan): Promise<void> {
    let current = vmi;
    if (plan.addFinalizer) current = await deps.client.addFinalizer(vmiType, current, vmiFinalizer);
    if (plan.createPod) await createPod(current, uid);
    for (const pod of plan.deletePods) await deletePod(current, pod);
    if (plan.nodeNameLabel !== undefined || plan.status !== undefined) {
      const resourceVersion = current.metadata.resourceVersion;
      current = await deps.client.patch<VirtualMachineInstance>(
        vmiType,
        keyOf(current),
        {
          ...(plan.nodeNameLabel === undefined
            ? {}
            : { metadata: { labels: { [labels.nodeName]: plan.nodeNameLabel } } }),
          // VMIs have no status subresource (KubeVirt's CRD): the status is patched on the object.
          ...(plan.status === undefined ? {} : { status: plan.status }),
        },
        resourceVersion === undefined ? {} : { resourceVersion },
      );
    }
    if (plan.removeFinalizer) {
      await deps.client.removeFinalizer(vmiType, current, vmiFinalizer);
      expectations.forget(uid);
    }
  }

  return {
    async reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult> {
      const vmi = deps.vmis.get(key);
      if (vmi === undefined) return undefined;
      const uid = vmi.metadata.uid;
      if (uid === undefined) throw new TerminalError(`the VMI ${key} has no metadata.uid`);
      const pods = deps.pods.byIndex(labels.createdBy, uid);
      const now = clock.now();
      const waitMs = expectations.remainingMs(uid, pods.length > 0, now);
      const plan = planVmi({
        vmi,
        pods,
        awaitingPod: waitMs > 0,
        now: new Date(now),
        handlerGraceMs,
      });
      if (plan.status?.phase !== undefined) {
        ctx.logger.info({ from: vmi.status?.phase ?? '', to: plan.status.phase }, 'VMI phase');
      }
      await carryOut(vmi, uid, plan);
      const after = Math.min(waitMs || Infinity, plan.requeueAfterMs ?? Infinity);
      return Number.isFinite(after) ? { requeueAfterMs: after } : undefined;
    },
  };
}
