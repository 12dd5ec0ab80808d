import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { useMemo } from 'react';
import { useK8sWatchResource } from '../k8s/index.ts';

const vmsResource = { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines' } as const;
const vmisResource = {
  group: 'kubevirt.io',
  version: 'v1',
  resource: 'virtualmachineinstances',
} as const;

/** The watched VMs and VMIs of a namespace (or all), with the first failure's message. */
export interface VmsData {
  readonly vms: readonly VirtualMachine[];
  readonly vmis: readonly VirtualMachineInstance[];
  /** Both lists have loaded or failed. */
  readonly loaded: boolean;
  readonly vmsError: string | undefined;
  readonly vmisError: string | undefined;
}

/** Watches VMs and VMIs live, in one namespace or (undefined) all of them. */
export function useVms(namespace: string | undefined): VmsData {
  const [vmsWatch, vmisWatch] = useMemo(
    () =>
      [vmsResource, vmisResource].map((groupVersionResource) => ({
        groupVersionResource,
        isList: true as const,
        ...(namespace === undefined ? {} : { namespace }),
      })),
    [namespace],
  );
  const [vms, vmsLoaded, vmsError] = useK8sWatchResource<VirtualMachine>(vmsWatch ?? null);
  const [vmis, vmisLoaded, vmisError] = useK8sWatchResource<VirtualMachineInstance>(
    vmisWatch ?? null,
  );
  return {
    vms,
    vmis,
    loaded: (vmsLoaded || vmsError !== undefined) && (vmisLoaded || vmisError !== undefined),
    vmsError: vmsError?.message,
    vmisError: vmisError?.message,
  };
}
