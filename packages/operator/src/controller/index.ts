export { coreResources } from './core-resources.ts';
export {
  runVirtController,
  virtControllerLeaseName,
  type RunVirtControllerOptions,
  type RunningVirtController,
} from './run-virt-controller.ts';
export { virtControllerConfigSpec, type VirtControllerConfig } from './virt-controller-config.ts';
export {
  createVirtControllerInformers,
  type VirtControllerInformers,
  type VirtControllerInformersOptions,
} from './virt-controller-informers.ts';
export { heartbeatVerdict, vmisToFail, type HeartbeatVerdict } from './node/heartbeat-verdict.ts';
export {
  createNodeReconciler,
  nodeUnresponsiveReason,
  type NodeReconcilerDeps,
} from './node/node-reconciler.ts';
export { startNodeController, type StartNodeControllerDeps } from './node/start-node-controller.ts';
export {
  defaultTerminationGracePeriodSeconds,
  launcherGracePeriodPaddingSeconds,
  launcherPod,
  launcherResources,
  memoryOverheadAnnotation,
  type LauncherPodConfig,
} from './vmi/launcher-pod.ts';
export { guestMemoryBytes, memoryOverheadBytes, vcpuCount } from './vmi/memory-overhead.ts';
export {
  createPhaseTransitionMetric,
  observePhaseTransitions,
  phaseTransitionBuckets,
  phaseTransitionMetricName,
  secondsFromCreation,
  type PhaseTransitionMetric,
} from './vmi/phase-transition-metric.ts';
export {
  isFinalPhase,
  mirrorPodScheduled,
  phaseTransition,
  planVmi,
  type VmiPlan,
  type VmiPlanInput,
  type VmiStatusPatch,
} from './vmi/plan-vmi.ts';
export { startVmiController, type StartVmiControllerDeps } from './vmi/start-vmi-controller.ts';
export { createVmiReconciler, type VmiReconcilerDeps } from './vmi/vmi-reconciler.ts';
export { createMigrationInformer, migrationIndexers } from './migration/migration-informer.ts';
export { migrationTargetPod } from './migration/migration-target-pod.ts';
export {
  planMigration,
  type MigrationFacts,
  type MigrationPlan,
} from './migration/plan-migration.ts';
export {
  startMigrationController,
  type StartMigrationControllerDeps,
} from './migration/start-migration-controller.ts';
