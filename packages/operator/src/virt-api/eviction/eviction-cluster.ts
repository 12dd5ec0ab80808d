import type { KubeConfig } from '@kubernetes/client-node';
import {
  kubevirtResources,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigration,
} from '@podvisor/api';
import { requestJson, resourcePath, statusCodeOf } from '@podvisor/kube';
import { virtApiFieldManager } from '../subresources/cluster-calls.ts';
import type { EvictedPod } from './decide-eviction.ts';

/** The API calls of the eviction interceptor, with virt-api's own identity. */
export interface EvictionCluster {
  getPod(namespace: string, name: string): Promise<EvictedPod | undefined>;
  getVmi(namespace: string, name: string): Promise<VirtualMachineInstance | undefined>;
  listMigrations(namespace: string): Promise<VirtualMachineInstanceMigration[]>;
  createMigration(namespace: string, migration: VirtualMachineInstanceMigration): Promise<void>;
  /**
   * Merge-patches the VMI's `status.evacuationNodeName` on the object: KubeVirt's VMI CRD has no
   * status subresource (ADR 11), so `/status` answers 404.
   */
  markForEvacuation(namespace: string, name: string, node: string): Promise<void>;
}

async function getOrUndefined<T>(kubeConfig: KubeConfig, path: string): Promise<T | undefined> {
  try {
    return (await requestJson(kubeConfig, { method: 'GET', path })) as T;
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}

/** {@link EvictionCluster} through the API server with `kubeConfig` (virt-api's ServiceAccount). */
export function evictionCluster(kubeConfig: KubeConfig): EvictionCluster {
  const { virtualmachineinstances: vmis, virtualmachineinstancemigrations: migrations } =
    kubevirtResources;
  const query = { fieldManager: virtApiFieldManager };
  return {
    getPod: (namespace, name) =>
      getOrUndefined(
        kubeConfig,
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`,
      ),
    getVmi: (namespace, name) =>
      getOrUndefined(kubeConfig, resourcePath(vmis, { namespace, name })),
    async listMigrations(namespace) {
      const path = resourcePath(migrations, { namespace });
      const list = (await requestJson(kubeConfig, { method: 'GET', path })) as {
        items?: VirtualMachineInstanceMigration[];
      };
      return list.items ?? [];
    },
    async createMigration(namespace, migration) {
      const path = resourcePath(migrations, { namespace });
      await requestJson(kubeConfig, { method: 'POST', path, query, body: migration });
    },
    async markForEvacuation(namespace, name, node) {
      await requestJson(kubeConfig, {
        method: 'PATCH',
        path: resourcePath(vmis, { namespace, name }),
        query,
        body: { status: { evacuationNodeName: node } },
        contentType: 'application/merge-patch+json',
      });
    },
  };
}
