export { bearerToken } from './bearer-token.ts';
export {
  checkUnpauseVm,
  checkVmiAction,
  vmiActions,
  vmiMessages,
  vmiStreams,
  type VmiAction,
  type VmiStream,
} from './check-vmi-action.ts';
export {
  callFailure,
  clusterCalls,
  isFailedTest,
  virtApiFieldManager,
  type ClusterCalls,
} from './cluster-calls.ts';
export {
  decideMigrate,
  decideRestart,
  decideStart,
  decideStop,
  lifecycleMessages,
  runStrategyOf,
  type LifecycleState,
  type PlannedWrite,
} from './decide-lifecycle.ts';
export {
  HandlerClient,
  normalizeFingerprint,
  pinnedConnection,
  plainSubprotocol,
  servingCertAnnotation,
  websocketAccept,
  type HandlerAnswer,
  type HandlerClientOptions,
  type HandlerEndpoint,
  type HandlerLocator,
  type HandlerStream,
} from './handler-client.ts';
export { apiHandlerLocator, handlerEndpointOf, type HandlerPodView } from './handler-locator.ts';
export {
  installSubresourceApi,
  streamTarget,
  streamUpgradeHandler,
  subresourceVersions,
  type HandlerCalls,
  type SubresourceApiOptions,
} from './install-subresource-api.ts';
export {
  parseDryRunOptions,
  parseMigrateOptions,
  parseRestartOptions,
  parseStartOptions,
  parseStopOptions,
  readOptionsBody,
  type DryRunOptions,
  type MigrateOptions,
  type RestartOptions,
  type StartOptions,
  type StopOptions,
} from './lifecycle-options.ts';
export {
  alreadyUnderway,
  gracePeriodPatch,
  runStrategyPatch,
  stateChangePatch,
  type PatchOperation,
} from './state-change-patch.ts';
export {
  accessDenied,
  rbacVerb,
  subjectAccessReview,
  subjectAccessReviewer,
  type AccessAttributes,
  type AccessDecision,
  type AccessReviewer,
} from './subject-access-review.ts';
export {
  asSubresourceError,
  badRequestError,
  conflictError,
  forbiddenError,
  internalError,
  notFoundError,
  pathNotFoundError,
  sendFailure,
  SubresourceError,
  type FailureStatus,
  type KubevirtKind,
} from './subresource-error.ts';
export {
  clientHandshake,
  spliceWebSocket,
  writeSocketFailure,
  type ClientHandshake,
  type SpliceEnd,
} from './websocket-splice.ts';
