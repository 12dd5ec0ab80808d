import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { WorkloadKind } from './workload-rows.ts';
import {
  defaultWorkloadSort,
  type WorkloadSort,
  type WorkloadSortColumn,
  workloadSortColumns,
} from './workload-sort.ts';

/** The Workloads page's filters and sort as the URL holds them (raw, unparsed text). */
export interface WorkloadQuery {
  readonly kind: WorkloadKind | undefined;
  readonly status: string | undefined;
  /** The label selector as typed. */
  readonly label: string;
  /** The name search as typed. */
  readonly text: string;
  readonly sort: WorkloadSort;
}

/** The search parameter of each query field. */
export const workloadQueryParams = {
  kind: 'kind',
  status: 'status',
  label: 'label',
  text: 'q',
  sort: 'sort',
  direction: 'dir',
} as const;

const kinds: readonly string[] = ['Pod', 'VirtualMachine'] satisfies WorkloadKind[];

function readKind(value: string | null): WorkloadKind | undefined {
  return value !== null && kinds.includes(value) ? (value as WorkloadKind) : undefined;
}

function readSort(column: string | null, direction: string | null): WorkloadSort {
  const known = workloadSortColumns.find((candidate) => candidate === column);
  if (known === undefined) return defaultWorkloadSort;
  return { column: known, direction: direction === 'desc' ? 'desc' : 'asc' };
}

function readQuery(params: URLSearchParams): WorkloadQuery {
  const p = workloadQueryParams;
  return {
    kind: readKind(params.get(p.kind)),
    status: params.get(p.status) ?? undefined,
    label: params.get(p.label) ?? '',
    text: params.get(p.text) ?? '',
    sort: readSort(params.get(p.sort), params.get(p.direction)),
  };
}

/** A change to the query: each present field replaces the current one (undefined or '' clears). */
export interface WorkloadQueryChange {
  readonly kind?: WorkloadKind | undefined;
  readonly status?: string | undefined;
  readonly label?: string;
  readonly text?: string;
  readonly sort?: { readonly column: WorkloadSortColumn; readonly direction: 'asc' | 'desc' };
}

function setOrDelete(params: URLSearchParams, name: string, value: string | undefined): void {
  if (value === undefined || value === '') params.delete(name);
  else params.set(name, value);
}

function applyChange(current: URLSearchParams, change: WorkloadQueryChange): URLSearchParams {
  const params = new URLSearchParams(current);
  const p = workloadQueryParams;
  if ('kind' in change) setOrDelete(params, p.kind, change.kind);
  if ('status' in change) setOrDelete(params, p.status, change.status);
  if ('label' in change) setOrDelete(params, p.label, change.label);
  if ('text' in change) setOrDelete(params, p.text, change.text);
  if (change.sort !== undefined) {
    params.set(p.sort, change.sort.column);
    params.set(p.direction, change.sort.direction);
  }
  return params;
}

/**
 * The Workloads page's filters and sort, kept in the URL so every view is deep-linkable, and an
 * updater that replaces the history entry (typing does not flood the back button) unless told to
 * `push` one.
 */
export function useWorkloadQuery(): [
  WorkloadQuery,
  (change: WorkloadQueryChange, options?: { readonly push?: boolean }) => void,
] {
  const [searchParams, setSearchParams] = useSearchParams();
  const query = useMemo(() => readQuery(searchParams), [searchParams]);
  const update = useCallback(
    (change: WorkloadQueryChange, options?: { readonly push?: boolean }) => {
      setSearchParams((current) => applyChange(current, change), {
        replace: options?.push !== true,
      });
    },
    [setSearchParams],
  );
  return [query, update];
}
