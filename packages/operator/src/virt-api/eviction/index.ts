export {
  decideEviction,
  effectiveStrategy,
  evacuationMessage,
  evacuationMigration,
  isActiveMigration,
  launcherDomain,
  migrationBlocker,
  type EvictedPod,
  type EvictionDecision,
  type EvictionState,
} from './decide-eviction.ts';
export { evictionCluster, type EvictionCluster } from './eviction-cluster.ts';
export {
  evictionInterceptor,
  launcherEvictionPath,
  type AsyncAdmissionHandler,
  type EvictionInterceptorOptions,
} from './eviction-interceptor.ts';
