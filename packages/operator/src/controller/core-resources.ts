import type { ResourceType } from '@podvisor/kube';

/** The core/v1 resources virt-controller reads and writes, as `KubeClient` resource types. */
export const coreResources = {
  pods: { apiVersion: 'v1', plural: 'pods', namespaced: true },
  nodes: { apiVersion: 'v1', plural: 'nodes', namespaced: false },
} as const satisfies Record<string, ResourceType>;
