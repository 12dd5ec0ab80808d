export {
  admissionHandlers,
  invalidStatus,
  operatorServiceAccounts,
  type AdmissionHandler,
  type AdmissionHandlersOptions,
  type Defaulting,
  type Validation,
} from './admission-handlers.ts';
export {
  AdmissionReviewError,
  admissionReviewResponse,
  parseAdmissionReview,
  type AdmissionDecision,
  type AdmissionRequest,
  type AdmissionStatus,
} from './admission-review.ts';
export {
  apiGroup,
  apiGroupList,
  apiResourceList,
  subresourceGroup,
  subresourceGroupVersion,
  subresourceNames,
  subresourceVersion,
  versionInfo,
} from './discovery.ts';
export {
  ensureServingCertificates,
  servingNames,
  type EnsureServingCertificatesOptions,
  type ServingCertificates,
} from './ensure-serving-certificates.ts';
export {
  decideEviction,
  evictionCluster,
  evictionInterceptor,
  launcherEvictionPath,
  type AsyncAdmissionHandler,
  type EvictionCluster,
  type EvictionDecision,
  type EvictionState,
} from './eviction/index.ts';
export { BodyError, readJsonBody, sendJson, sendStatus } from './http-json.ts';
export { jsonPatchDiff, type JsonPatchOperation } from './json-patch-diff.ts';
export {
  authenticateRequestHeader,
  readRequestHeaderConfig,
  type AuthenticationResult,
  type RemoteUser,
  type RequestHeaderConfig,
} from './request-header-auth.ts';
export { Router, type RouteContext, type RouteHandler, type RouteMatch } from './router.ts';
export {
  apiDefaulting,
  apiValidation,
  runVirtApi,
  virtApiNames,
  type RunVirtApiOptions,
  type RunningVirtApi,
} from './run-virt-api.ts';
export { startVirtApi, type VirtApi, type VirtApiOptions } from './start-virt-api.ts';
export { virtApiConfigSpec, type VirtApiConfig } from './virt-api-config.ts';
