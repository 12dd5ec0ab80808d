import { namespaceParam } from '../app/use-namespace.ts';
import { workloadQueryParams } from './use-workload-query.ts';
import type { WorkloadRef } from './workload-rows.ts';

/**
 * Where a link to another workload goes: a VM's details page; for a pod, the Workloads table
 * narrowed to it (its namespace, kind and name). The one place to change once detail pages exist.
 */
export function workloadHref(ref: WorkloadRef): string {
  if (ref.kind === 'VirtualMachine')
    return `/vms/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
  const params = new URLSearchParams({
    [namespaceParam]: ref.namespace,
    [workloadQueryParams.kind]: ref.kind,
    [workloadQueryParams.text]: ref.name,
  });
  return `/workloads?${params.toString()}`;
}
