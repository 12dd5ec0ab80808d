import type { ControllerFactory } from './controller-host.ts';
import { endpointSliceController, endpointsController } from './endpoints/index.ts';
import { daemonSetController } from './daemonset/index.ts';
import { deploymentController } from './deployment/index.ts';
import { garbageCollector } from './garbage-collector/index.ts';
import { createNodeLifecycle } from './node-lifecycle/index.ts';
import { replicaSetController } from './replicaset/index.ts';
import { rootCaPublisher } from './root-ca-publisher/index.ts';
import { scheduler } from './scheduler/index.ts';
import { defaultServiceAccountController } from './serviceaccounts/index.ts';
import {
  clusterIpController,
  kubernetesServiceController,
  serviceProxyController,
  type ServiceNetwork,
} from './services/index.ts';

/** What the controllers need to know about the cluster they run in. */
export interface ClusterControllerOptions {
  /** The API server's port (the `kubernetes` Service's endpoint). */
  readonly apiServerPort: number;
  /** Where Services live: the ClusterIP range and the API server's address for pods. */
  readonly serviceNetwork: ServiceNetwork;
  /** How long a silent node stays Ready before it turns Unknown (kube-controller-manager's 40 s). */
  readonly nodeMonitorGracePeriodMs?: number | undefined;
}

/** The controllers local mode runs inside the API server process (kube-controller-manager's role). */
export function clusterControllers(options: ClusterControllerOptions): ControllerFactory[] {
  return [
    scheduler,
    garbageCollector,
    options.nodeMonitorGracePeriodMs === undefined
      ? createNodeLifecycle()
      : createNodeLifecycle({ gracePeriodMs: options.nodeMonitorGracePeriodMs }),
    replicaSetController,
    deploymentController,
    daemonSetController,
    clusterIpController(options.serviceNetwork.clusterIpRange),
    kubernetesServiceController({
      apiServerPort: options.apiServerPort,
      network: options.serviceNetwork,
    }),
    endpointsController,
    endpointSliceController,
    serviceProxyController,
    defaultServiceAccountController,
    rootCaPublisher,
  ];
}
