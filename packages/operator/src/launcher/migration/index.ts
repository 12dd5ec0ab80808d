export { type DomJobInfo, parseDomJobInfo } from './domjobinfo.ts';
export {
  completionTimeoutMs,
  hasWritableDisk,
  libvirtRunInside,
  memoryGiB,
  migrateArgs,
  type MigrateArgsOptions,
  migrationSocketNames,
} from './migrate-args.ts';
export {
  MigrationFailedError,
  migrateDomain,
  type MigrateDomainOptions,
} from './migrate-domain.ts';
export type { MigrationContext } from './migration-context.ts';
export {
  dialMigrationTarget,
  type DialOptions,
  fetchMigrationInfo,
  MigrationConnectError,
  type MigrationDialer,
  type MigrationDialerOptions,
  type MigrationTarget,
  startMigrationDialer,
} from './migration-dialer.ts';
export {
  encodeMigrationHeader,
  isMigrationToken,
  type MigrationChannel,
  migrationChannels,
  type MigrationHeader,
  MigrationHeaderError,
  parseMigrationHeader,
} from './migration-header.ts';
export {
  type MigrationListener,
  type MigrationListenerOptions,
  startMigrationListener,
} from './migration-listener.ts';
export { MigrationTargetUriError, parseMigrationTargetUri } from './migration-target-uri.ts';
export { type IncomingMigrationOptions, openIncomingMigration } from './open-incoming-migration.ts';
export { type LifecycleChange, MigrationSlots } from './migration-slots.ts';
export { rewriteDomainPaths } from './rewrite-domain-paths.ts';
