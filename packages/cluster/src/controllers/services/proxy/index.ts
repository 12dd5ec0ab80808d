export { createServiceProxy, type ServiceProxy } from './create-service-proxy.ts';
export {
  proxyRoutes,
  serviceProxyNameLabel,
  type Backend,
  type ProxyRoute,
} from './proxy-routes.ts';
export { serviceProxyController } from './service-proxy-controller.ts';
