import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { kubevirtResources, labels, type VirtualMachineInstance } from '@podvisor/api';
import {
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
import { phaseTransition } from '../vmi/plan-vmi.ts';
import { heartbeatVerdict, vmisToFail } from './heartbeat-verdict.ts';

/** What the node controller works with. */
export interface NodeReconcilerDeps {
  readonly client: KubeClient;
  readonly nodes: Informer<V1Node>;
  /** VMIs, indexed by the label `kubevirt.io/nodeName` (index of the same name). */
  readonly vmis: Informer<VirtualMachineInstance>;
  /** Launcher pods, indexed by the label `kubevirt.io/created-by` (index of the same name). */
  readonly pods: Informer<V1Pod>;
  readonly events: EventRecorder;
  /** How old a heartbeat may get (`--node-heartbeat-timeout`, 5 min). */
  readonly heartbeatTimeoutMs: number;
  readonly clock?: Clock;
}

/** KubeVirt's reason for VMIs failed because their node's handler went silent. */
export const nodeUnresponsiveReason = 'NodeUnresponsive';

const vmiType = kubevirtResources.virtualmachineinstances;

/**
 * The node controller's reconciler (KubeVirt's `watch/node.go`): a node whose virt-handler
 * heartbeat went stale is labelled `kubevirt.io/schedulable=false`, and its VMIs without a live
 * launcher pod go Failed with reason NodeUnresponsive. A fresh node is checked again when its
 * heartbeat would expire.
 */
export function createNodeReconciler(deps: NodeReconcilerDeps): Reconciler {
  const clock = deps.clock ?? realClock;

  async function failVmi(vmi: VirtualMachineInstance, now: number): Promise<void> {
    const resourceVersion = vmi.metadata.resourceVersion;
    const status = {
      ...phaseTransition(vmi, 'Failed', new Date(now)),
      reason: nodeUnresponsiveReason,
    };
    // VMIs have no status subresource (KubeVirt's CRD): the status is patched on the object.
    await deps.client.patch(
      vmiType,
      `${vmi.metadata.namespace ?? ''}/${vmi.metadata.name ?? ''}`,
      { status },
      resourceVersion === undefined ? {} : { resourceVersion },
    );
    deps.events.record(vmi, {
      type: 'Normal',
      reason: nodeUnresponsiveReason,
      message: 'virt-handler is not responsive, marking VirtualMachineInstance as failed',
    });
  }

  return {
    async reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult> {
      const node = deps.nodes.get(key);
      if (node === undefined) return undefined;
      const now = clock.now();
      const verdict = heartbeatVerdict(node, now, deps.heartbeatTimeoutMs);
      if (verdict.state === 'unmanaged') return undefined;
      if (verdict.state === 'fresh') return { requeueAfterMs: verdict.staleInMs };
      if (node.metadata?.labels?.[labels.nodeSchedulable] !== 'false') {
        ctx.logger.warn({ node: key }, 'virt-handler heartbeat is stale; node unschedulable');
        const resourceVersion = node.metadata?.resourceVersion;
        await deps.client.patch(
          coreResources.nodes,
          key,
          { metadata: { labels: { [labels.nodeSchedulable]: 'false' } } },
          resourceVersion === undefined ? {} : { resourceVersion },
        );
      }
      const onNode = deps.vmis.byIndex(labels.nodeName, key);
      const podsOf = (vmi: VirtualMachineInstance): V1Pod[] =>
        deps.pods.byIndex(labels.createdBy, vmi.metadata.uid ?? '');
      for (const vmi of vmisToFail(key, onNode, podsOf)) await failVmi(vmi, now);
      return undefined;
    },
  };
}
