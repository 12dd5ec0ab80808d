export {
  aggregatedGroups,
  compareKubeVersions,
  type AggregatedGroup,
} from './aggregated-groups.ts';
export { readApiService, type ApiService } from './api-service.ts';
export type { AvailabilityCallback } from './availability-loop.ts';
export type { ProxyClientCert } from './backend-target.ts';
export {
  createCertificateAuthority,
  type CertificateAuthority,
  type CertificateRequest,
  type IssuedCertificate,
} from '@podvisor/kube';
export type { Availability } from './check-availability.ts';
export { createAggregator, type Aggregator, type AggregatorOptions } from './create-aggregator.ts';
export { extensionApiserverAuthentication } from './extension-apiserver-authentication.ts';
export {
  ensureFrontProxyPki,
  frontProxyClientName,
  type FrontProxyPki,
} from './front-proxy-pki.ts';
export { remoteUserHeaders, type RemoteUser } from './remote-user.ts';
