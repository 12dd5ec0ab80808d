import type { VirtualMachineInstance } from '@podvisor/api';
import { objectKey } from '@podvisor/kube';

/** A read view of VMIs by key. */
export interface VmiCache {
  get(key: string): VirtualMachineInstance | undefined;
  list(): VirtualMachineInstance[];
}

/**
 * One view of the VMIs a handler serves, from its two watches (CRDs have no field selectors,
 * hence labels, as KubeVirt's handler does): the VMIs that run on the node
 * (`kubevirt.io/nodeName=<node>`) and those migrating to it
 * (`kubevirt.io/migrationTargetNodeName=<node>`). A VMI in both (from the takeover until the
 * other watch hears of it) is the running watch's copy: the takeover's patch puts it there.
 */
export function mergedVmiCache(running: VmiCache, incoming: VmiCache): VmiCache {
  return {
    get: (key) => running.get(key) ?? incoming.get(key),
    list() {
      const keys = new Set(running.list().map(objectKey));
      return [...running.list(), ...incoming.list().filter((vmi) => !keys.has(objectKey(vmi)))];
    },
  };
}
