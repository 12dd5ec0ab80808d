import { namespaceParam } from '../app/use-namespace.ts';
import { workloadQueryParams } from './use-workload-query.ts';
import type { WorkloadRef } from './workload-rows.ts';

/**
 * Where a link to another workload goes: the Workloads table narrowed to that object (its
 * namespace, kind and name). The one place to change once detail pages exist.
 */
export function workloadHref(ref: WorkloadRef): string {
  const params = new URLSearchParams({
    [namespaceParam]: ref.namespace,
    [workloadQueryParams.kind]: ref.kind,
    [workloadQueryParams.text]: ref.name,
  });
  return `/workloads?${params.toString()}`;
}
