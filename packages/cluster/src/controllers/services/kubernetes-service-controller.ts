import type { ControllerFactory } from '../controller-host.ts';
import { keptServiceController } from './kept-service-controller.ts';
import { kubernetesEndpoints, kubernetesService } from './kubernetes-service.ts';
import type { ServiceNetwork } from './service-network.ts';

export { endpointsRef } from './kept-service-controller.ts';

/** Options of {@link kubernetesServiceController}. */
export interface KubernetesServiceOptions {
  /** The API server's port (the Service's target and the Endpoints' port). */
  readonly apiServerPort: number;
  /** The cluster's Service network: the ClusterIP range and where the API server is reached. */
  readonly network: ServiceNetwork;
}

/**
 * Keeps the `default/kubernetes` Service (the range's first address, port 443) and its Endpoints
 * (`network.apiServerHost`:`apiServerPort`) in place, recreating them when deleted and correcting
 * the port when the API server listens on another one after a restart, and the ClusterIP and
 * Endpoints when the data directory was used in the other network mode.
 */
export function kubernetesServiceController(options: KubernetesServiceOptions): ControllerFactory {
  return keptServiceController({
    name: 'kubernetes-service',
    service: kubernetesService(options.apiServerPort, options.network),
    endpoints: kubernetesEndpoints(options.apiServerPort, options.network),
  });
}
