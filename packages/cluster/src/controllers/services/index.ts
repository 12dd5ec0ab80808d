export {
  allocateClusterIp,
  clusterIpRange,
  isClusterIp,
  kubernetesServiceIp,
} from './allocate-cluster-ip.ts';
export { clusterIpController, clusterIpManager, servicesRef } from './cluster-ip-controller.ts';
export { clusterIpOf, desiredClusterIpSpec, usedClusterIps } from './desired-cluster-ip.ts';
export { kubernetesEndpoints, kubernetesService } from './kubernetes-service.ts';
export { endpointsRef, kubernetesServiceController } from './kubernetes-service-controller.ts';
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
  type Backend,
  type ProxyRoute,
  type ServiceProxy,
} from './proxy/index.ts';
