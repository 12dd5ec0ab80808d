import { type LabelRequirement, matchesLabels } from './label-selector.ts';
import type { WorkloadKind, WorkloadRow } from './workload-rows.ts';

/** What the Workloads table shows; an absent or empty field does not filter. */
export interface WorkloadFilters {
  readonly kind?: WorkloadKind | undefined;
  readonly namespace?: string | undefined;
  readonly status?: string | undefined;
  readonly labels?: readonly LabelRequirement[] | undefined;
  /** A case-insensitive substring of the name. */
  readonly text?: string | undefined;
}

/** The rows that pass every filter, in their original order. */
export function filterWorkloadRows(
  rows: readonly WorkloadRow[],
  filters: WorkloadFilters,
): WorkloadRow[] {
  const { kind, namespace, status } = filters;
  const labelRequirements = filters.labels ?? [];
  const text = filters.text?.trim().toLowerCase() ?? '';
  return rows.filter(
    (row) =>
      (kind === undefined || row.kind === kind) &&
      (namespace === undefined || namespace === '' || row.namespace === namespace) &&
      (status === undefined || status === '' || row.status === status) &&
      (text === '' || row.name.toLowerCase().includes(text)) &&
      (labelRequirements.length === 0 || matchesLabels(labelRequirements, row.labels)),
  );
}

/** The distinct statuses of the rows, sorted, for the status filter's options. */
export function workloadStatuses(rows: readonly WorkloadRow[]): string[] {
  return [...new Set(rows.map((row) => row.status))].sort();
}
