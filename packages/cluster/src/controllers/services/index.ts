export { allocateClusterIp, type ClusterIpRequest } from './allocate-cluster-ip.ts';
export {
  clusterIpAt,
  clusterIpOffset,
  isClusterIpIn,
  kubernetesServiceIpOf,
  loopbackClusterIpRange,
  parseClusterIpRange,
  staticBandOf,
  type ClusterIpRange,
} from './cluster-ip-range.ts';
export { clusterIpController, clusterIpManager, servicesRef } from './cluster-ip-controller.ts';
export {
  clusterIpOf,
  desiredClusterIpSpec,
  usedClusterIps,
  type DesiredClusterIpInput,
} from './desired-cluster-ip.ts';
export { keptServiceController, type KeptServiceOptions } from './kept-service-controller.ts';
export { kubernetesEndpoints, kubernetesService } from './kubernetes-service.ts';
export {
  endpointsRef,
  kubernetesServiceController,
  type KubernetesServiceOptions,
} from './kubernetes-service-controller.ts';
export { loopbackServiceNetwork, type ServiceNetwork } from './service-network.ts';
export {
  runInformerController,
  type InformerControllerOptions,
  type KeySource,
} from '../run-informer-controller.ts';
export { splitCacheKey } from './split-cache-key.ts';
export {
  createServiceProxy,
  proxyRoutes,
  serviceProxyController,
  serviceProxyNameLabel,
  type Backend,
  type ProxyRoute,
  type ServiceProxy,
} from './proxy/index.ts';
