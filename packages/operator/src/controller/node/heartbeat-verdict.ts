import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { annotations, labels, type VirtualMachineInstance } from '@podvisor/api';

/** What a node's virt-handler heartbeat says at a given moment. */
export type HeartbeatVerdict =
  /** No handler has ever claimed the node (no heartbeat, not labelled schedulable). */
  | { readonly state: 'unmanaged' }
  /** The heartbeat is recent; it goes stale in `staleInMs`. */
  | { readonly state: 'fresh'; readonly staleInMs: number }
  /** The heartbeat is older than the timeout, unreadable, or missing on a schedulable node. */
  | { readonly state: 'stale' };

function heartbeatMs(node: V1Node): number | undefined {
  const text = node.metadata?.annotations?.[annotations.heartbeat];
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Judges `node`'s `kubevirt.io/heartbeat` annotation against `timeoutMs` (KubeVirt: 5 min): stale
 * when older than the timeout, or when it is missing or unreadable while the node is labelled
 * `kubevirt.io/schedulable=true`.
 */
export function heartbeatVerdict(node: V1Node, nowMs: number, timeoutMs: number): HeartbeatVerdict {
  const beat = heartbeatMs(node);
  if (beat === undefined) {
    const schedulable = node.metadata?.labels?.[labels.nodeSchedulable] === 'true';
    const claimed = node.metadata?.annotations?.[annotations.heartbeat] !== undefined;
    return schedulable || claimed ? { state: 'stale' } : { state: 'unmanaged' };
  }
  const staleInMs = beat + timeoutMs - nowMs;
  return staleInMs > 0 ? { state: 'fresh', staleInMs } : { state: 'stale' };
}

function isAlive(pod: V1Pod, node: string): boolean {
  const phase = pod.status?.phase;
  return pod.spec?.nodeName === node && phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * The VMIs on an unresponsive `node` to fail with reason NodeUnresponsive: those not final
 * whose launcher pods (`podsOf`) include none alive on that node. A pod being deleted still
 * counts as alive: its QEMU may still run, and failing the VMI would let a second one start.
 */
export function vmisToFail(
  node: string,
  vmis: readonly VirtualMachineInstance[],
  podsOf: (vmi: VirtualMachineInstance) => readonly V1Pod[],
): VirtualMachineInstance[] {
  return vmis.filter((vmi) => {
    const phase = vmi.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return false;
    return !podsOf(vmi).some((pod) => isAlive(pod, node));
  });
}
