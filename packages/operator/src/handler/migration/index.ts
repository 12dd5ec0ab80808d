export { mergedVmiCache, type VmiCache } from './merged-vmi-cache.ts';
export {
  defaultCompletionTimeoutPerGiB,
  guestMemoryGiB,
  migrateParams,
  migrateRequestTimeoutMs,
} from './migrate-params.ts';
export {
  MigrationDriver,
  remoteReason,
  type MigrationDriverDeps,
  type MigrationSession,
  type MigrationStepInput,
  type MigrationStepResult,
} from './migration-driver.ts';
export {
  abortingPatch,
  abortStatuses,
  addressPatch,
  migrationAbortedReason,
  outcomePatch,
  startPatch,
  takeoverPatch,
  type TakeoverInput,
  type VmiMergePatch,
} from './migration-patches.ts';
export {
  activeMigrationState,
  decideMigrationStep,
  domainAlive,
  domainMigratedAway,
  migrationRole,
  migrationUnderWay,
  sourceStatusHeld,
  type LocalMigration,
  type MigrationLauncherFacts,
  type MigrationOutcome,
  type MigrationRole,
  type MigrationStep,
} from './migration-step.ts';
export { targetLauncherPod } from './target-launcher-pod.ts';
