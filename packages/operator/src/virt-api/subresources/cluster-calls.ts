import type { KubeConfig } from '@kubernetes/client-node';
import { kubevirtResources, type VirtualMachine, type VirtualMachineInstance } from '@podvisor/api';
import { requestJson, resourcePath, statusCodeOf } from '@podvisor/kube';
import type { PlannedWrite } from './decide-lifecycle.ts';
import {
  conflictError,
  internalError,
  notFoundError,
  type KubevirtKind,
  type SubresourceError,
} from './subresource-error.ts';

/** The API calls behind the subresources, with virt-api's own identity. */
export interface ClusterCalls {
  getVm(namespace: string, name: string): Promise<VirtualMachine | undefined>;
  getVmi(namespace: string, name: string): Promise<VirtualMachineInstance | undefined>;
  /** Makes one planned write on the VM or VMI `name` (or creates its migration). */
  write(
    at: { namespace: string; name: string; dryRun: boolean },
    write: PlannedWrite,
  ): Promise<void>;
}

/** virt-api's field manager on the objects it writes. */
export const virtApiFieldManager = 'podvisor-virt-api';

function messageOf(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      const status = JSON.parse(body) as { message?: unknown };
      if (typeof status.message === 'string') return status.message;
    } catch {
      // not a Status
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether a failed JSON patch failed on a `test` operation (kube-apiserver: "jsonpatch test
 * operation does not apply"; the embedded API server: "…(test) failed…").
 */
export function isFailedTest(error: unknown): boolean {
  if (statusCodeOf(error) !== 422 && statusCodeOf(error) !== 500) return false;
  return /test operation does not apply|\(test\) failed/.test(messageOf(error));
}

/** A failed call as KubeVirt answers it: a failed test guard is a 409, a 404 names the object, else 500. */
export function callFailure(error: unknown, kind: KubevirtKind, name: string): SubresourceError {
  if (isFailedTest(error)) return conflictError(kind, name, messageOf(error));
  if (statusCodeOf(error) === 404) return notFoundError(kind, name);
  return internalError(messageOf(error));
}

async function getOrUndefined<T>(kubeConfig: KubeConfig, path: string): Promise<T | undefined> {
  try {
    return (await requestJson(kubeConfig, { method: 'GET', path })) as T;
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw internalError(messageOf(error));
  }
}

function targetPath(write: PlannedWrite, namespace: string, name: string): string {
  const { virtualmachines, virtualmachineinstances, virtualmachineinstancemigrations } =
    kubevirtResources;
  switch (write.target) {
    case 'vm':
      return resourcePath(virtualmachines, { namespace, name });
    case 'vm-status':
      return resourcePath(virtualmachines, { namespace, name, subresource: 'status' });
    case 'vmi':
      return resourcePath(virtualmachineinstances, { namespace, name });
    case 'migration':
      return resourcePath(virtualmachineinstancemigrations, { namespace });
  }
}

/** {@link ClusterCalls} through the API server with `kubeConfig` (virt-api's ServiceAccount). */
export function clusterCalls(kubeConfig: KubeConfig): ClusterCalls {
  const { virtualmachines, virtualmachineinstances } = kubevirtResources;
  return {
    getVm: (namespace, name) =>
      getOrUndefined(kubeConfig, resourcePath(virtualmachines, { namespace, name })),
    getVmi: (namespace, name) =>
      getOrUndefined(kubeConfig, resourcePath(virtualmachineinstances, { namespace, name })),
    async write({ namespace, name, dryRun }, write) {
      const query = {
        fieldManager: virtApiFieldManager,
        ...(dryRun ? { dryRun: 'All' } : {}),
      };
      const path = targetPath(write, namespace, name);
      const kind = write.target === 'vmi' ? 'virtualmachineinstance' : 'virtualmachine';
      try {
        await (write.target === 'migration'
          ? requestJson(kubeConfig, { method: 'POST', path, query, body: write.object })
          : requestJson(kubeConfig, {
              method: 'PATCH',
              path,
              query,
              body: write.patch,
              contentType: 'application/json-patch+json',
            }));
      } catch (error) {
        throw callFailure(error, kind, name);
      }
    },
  };
}
