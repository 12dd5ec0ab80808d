export {
  desiredEndpointSlices,
  endpointSliceControllerName,
  managedByLabel,
  maxEndpointsPerSlice,
  serviceNameLabel,
} from './desired-endpoint-slices.ts';
export { desiredEndpoints, headlessLabel } from './desired-endpoints.ts';
export { endpointSliceController, endpointSlicesRef } from './endpoint-slice-controller.ts';
export { endpointsController, endpointsManager, podsRef } from './endpoints-controller.ts';
export {
  isPodReady,
  podEndpoints,
  podIp,
  resolveTargetPort,
  shouldPodBeInEndpoints,
  type EndpointPort,
  type PodEndpoint,
} from './pod-endpoints.ts';
export { serviceSelector, servicesSelecting } from './service-selector.ts';
