import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { useMemo } from 'react';
import { useK8sWatchResource } from '../k8s/index.ts';
import type { Pod } from './pod.ts';
import type { WorkloadSources } from './workload-rows.ts';

/** A list that failed to load, with the server's message (e.g. a 403). */
export interface WorkloadSourceError {
  /** Which list: `pods`, `virtualmachines` or `virtualmachineinstances`. */
  readonly resource: string;
  readonly message: string;
}

/** The watched lists behind the Workloads page. */
export interface WorkloadData extends WorkloadSources {
  /** Every list has loaded or failed. */
  readonly loaded: boolean;
  readonly errors: readonly WorkloadSourceError[];
}

const podsResource = { group: '', version: 'v1', resource: 'pods' } as const;
const vmsResource = { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines' } as const;
const vmisResource = {
  group: 'kubevirt.io',
  version: 'v1',
  resource: 'virtualmachineinstances',
} as const;

/** A list watch of one resource in one namespace, or all namespaces. */
function watchList(
  groupVersionResource: {
    readonly group: string;
    readonly version: string;
    readonly resource: string;
  },
  namespace: string | undefined,
) {
  return {
    groupVersionResource,
    isList: true as const,
    ...(namespace === undefined ? {} : { namespace }),
  };
}

/** Collects each failed list with its message. */
function sourceErrors(
  entries: readonly (readonly [string, { readonly message: string } | undefined])[],
): WorkloadSourceError[] {
  const errors: WorkloadSourceError[] = [];
  for (const [resource, error] of entries) {
    if (error !== undefined) errors.push({ resource, message: error.message });
  }
  return errors;
}

/**
 * Watches pods, VMs and VMIs live, in one namespace or (undefined) all of them. The only place
 * the Workloads page touches the data layer.
 */
export function useWorkloads(namespace: string | undefined): WorkloadData {
  const [podsWatch, vmsWatch, vmisWatch] = useMemo(
    () => [
      watchList(podsResource, namespace),
      watchList(vmsResource, namespace),
      watchList(vmisResource, namespace),
    ],
    [namespace],
  );
  const [pods, podsLoaded, podsError] = useK8sWatchResource<Pod>(podsWatch);
  const [vms, vmsLoaded, vmsError] = useK8sWatchResource<VirtualMachine>(vmsWatch);
  const [vmis, vmisLoaded, vmisError] = useK8sWatchResource<VirtualMachineInstance>(vmisWatch);
  const errors = useMemo(
    () =>
      sourceErrors([
        ['pods', podsError],
        ['virtualmachines', vmsError],
        ['virtualmachineinstances', vmisError],
      ]),
    [podsError, vmsError, vmisError],
  );
  const loaded =
    (podsLoaded || podsError !== undefined) &&
    (vmsLoaded || vmsError !== undefined) &&
    (vmisLoaded || vmisError !== undefined);
  return { pods, vms, vmis, loaded, errors };
}
