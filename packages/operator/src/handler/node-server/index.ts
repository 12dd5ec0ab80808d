export { NodeStatusError, type FailureStatus } from './node-status-error.ts';
export {
  parseNodeRoute,
  streamKinds,
  vmiActions,
  type NodeRoute,
  type RouteRequest,
  type StreamKind,
  type VmiAction,
  type VmiRef,
} from './node-route.ts';
export {
  plainSubprotocol,
  startNodeServer,
  type NodeServer,
  type NodeServerOptions,
} from './node-server.ts';
export { ScrollbackRing } from './scrollback-ring.ts';
export {
  SerialConsoleHub,
  type ConsoleAttachment,
  type ConsoleViewer,
  type SerialConsoleHubOptions,
} from './serial-console-hub.ts';
export {
  certificateFingerprint,
  ensureServingCertificate,
  type ServingCertificate,
  type ServingCertificateOptions,
} from './serving-certificate.ts';
export {
  publishServingFingerprint,
  servingCertAnnotation,
  startNodeEndpoint,
  type NodeEndpointOptions,
} from './start-node-endpoint.ts';
export {
  authenticationDecision,
  bearerToken,
  serviceAccountUser,
  TokenAuthenticator,
  tokenReviewer,
  type ReviewToken,
  type TokenAuthenticatorOptions,
  type TokenReviewResult,
} from './token-authenticator.ts';
export { launcherVmDir, streamSocketNames } from './launcher-vm-sockets.ts';
export { closeCodes } from './websocket-pipes.ts';
