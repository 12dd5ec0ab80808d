export {
  registerHandlerMetrics,
  vmiMetricSample,
  type VmiMetricSample,
} from './handler-metrics.ts';
export { LauncherSession, type LauncherSessionOptions } from './launcher-session.ts';
export { liveMigrationBlocker, type LiveMigrationBlocker } from './live-migration-blocker.ts';
export {
  decideMigrationStep,
  mergedVmiCache,
  MigrationDriver,
  migrationRole,
  sourceStatusHeld,
  type MigrationLauncherFacts,
  type MigrationStep,
} from './migration/index.ts';
export {
  nodeHeartbeatPatch,
  startNodeHeartbeat,
  type NodeHeartbeat,
  type NodeHeartbeatOptions,
} from './node-heartbeat.ts';
export {
  certificateFingerprint,
  plainSubprotocol,
  servingCertAnnotation,
  startNodeEndpoint,
  startNodeServer,
  type NodeEndpointOptions,
  type NodeServer,
  type NodeServerOptions,
} from './node-server/index.ts';
export { runVirtHandler, type RunningVirtHandler } from './run-virt-handler.ts';
export {
  startVirtHandler,
  virtHandlerFieldManager,
  type StartVirtHandlerOptions,
  type VirtHandler,
  type VirtHandlerEndpointOptions,
} from './start-virt-handler.ts';
export { virtHandlerConfigSpec, type VirtHandlerConfig } from './virt-handler-config.ts';
export { vmiEventFor } from './vmi-event-for.ts';
export { vmiInterfaces, type InterfaceSources } from './vmi-interfaces.ts';
export { activePodOn, VmiReconciler, type VmiReconcilerDeps } from './vmi-reconciler.ts';
export {
  desiredHandlerStatus,
  handlerConditionTypes,
  isFinalPhase,
  launcherUnresponsiveReason,
  phaseFromDomain,
  softwareEmulationCondition,
  vmiStatusFromDomain,
  type HandlerStatus,
  type LauncherObservation,
} from './vmi-status-from-domain.ts';
