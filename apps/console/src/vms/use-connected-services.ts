import type { VirtualMachine } from '@podvisor/api';
import { labels, labelValues } from '@podvisor/api';
import { useMemo } from 'react';
import { type KubeError, useK8sWatchResource } from '../k8s/index.ts';
import {
  type ConnectedServiceRow,
  connectedServiceRows,
  type LauncherPodLike,
  vmPodLabels,
} from './connected-service-rows.ts';
import type { Endpoints, Service } from './service.ts';

/** The live "Connected services" of a VM. */
export interface ConnectedServices {
  readonly rows: readonly ConnectedServiceRow[];
  /** The Services have loaded (or failed). */
  readonly loaded: boolean;
  readonly servicesError: KubeError | undefined;
  /** Without Endpoints the rows still show, without their pods. */
  readonly endpointsError: KubeError | undefined;
  /** Whether a launcher pod of the VM is live (else the rows are those its next pod will match). */
  readonly running: boolean;
}

function listWatch(resource: string, namespace: string, matchLabels?: Record<string, string>) {
  return {
    groupVersionResource: { group: '', version: 'v1', resource },
    namespace,
    isList: true as const,
    ...(matchLabels === undefined ? {} : { selector: { matchLabels } }),
  };
}

/**
 * Watches the Services and Endpoints of the VM's namespace and its launcher pods (the same watch
 * as `useLauncherPod`, so one subscription) and joins them into {@link ConnectedServiceRow}s.
 */
export function useConnectedServices(vm: VirtualMachine): ConnectedServices {
  const namespace = vm.metadata.namespace ?? '';
  const name = vm.metadata.name ?? '';
  const watches = useMemo(
    () => ({
      pods: listWatch('pods', namespace, {
        [labels.app]: labelValues.virtLauncher,
        [labels.vmName]: name,
      }),
      services: listWatch('services', namespace),
      endpoints: listWatch('endpoints', namespace),
    }),
    [namespace, name],
  );
  const [pods] = useK8sWatchResource<LauncherPodLike>(watches.pods);
  const [services, servicesLoaded, servicesError] = useK8sWatchResource<Service>(watches.services);
  const [endpoints, , endpointsError] = useK8sWatchResource<Endpoints>(watches.endpoints);
  return useMemo(() => {
    const ownPods = pods.filter((pod) => pod.metadata.labels?.[labels.vmName] === name);
    const vmPods = vmPodLabels(vm, ownPods);
    return {
      rows: connectedServiceRows({ services, endpoints, vmPods }),
      loaded: servicesLoaded || servicesError !== undefined,
      servicesError,
      endpointsError,
      running: vmPods.running,
    };
  }, [vm, name, pods, services, endpoints, servicesLoaded, servicesError, endpointsError]);
}
