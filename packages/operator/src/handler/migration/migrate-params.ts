import {
  parseQuantity,
  type MigrationConfiguration,
  type VirtualMachineInstance,
} from '@podvisor/api';
import type { MigrateParams } from '../../protocol/v1/index.ts';

/** KubeVirt's default: seconds per GiB of guest memory before a migration is cancelled. */
export const defaultCompletionTimeoutPerGiB = 150;

const gib = 1024n ** 3n;
const mib = 1024n ** 2n;

/** The guest's memory in GiB, rounded up (at least 1). */
export function guestMemoryGiB(vmi: VirtualMachineInstance): number {
  const domain = vmi.spec.domain;
  const bytes = parseQuantity(domain.memory?.guest ?? domain.resources?.requests?.memory) ?? 0n;
  const whole = (bytes + gib - 1n) / gib;
  return Math.max(1, Number(whole));
}

/** `bandwidthPerMigration` in MiB/s, when it limits (a quantity such as `64Mi`; 0 is none). */
function bandwidthMiBps(config: MigrationConfiguration): number | undefined {
  const bytes = parseQuantity(config.bandwidthPerMigration);
  if (bytes === undefined || bytes <= 0n) return undefined;
  return Math.max(1, Number(bytes / mib));
}

/**
 * The source launcher's `Migrate` params for a migration to `targetUri`, from the KubeVirt
 * CR's `spec.configuration.migrations` (completion timeout per GiB, bandwidth, auto-converge,
 * post-copy).
 */
export function migrateParams(input: {
  readonly targetUri: string;
  readonly migrationUid: string;
  readonly config: MigrationConfiguration | undefined;
}): MigrateParams {
  const config = input.config ?? {};
  const bandwidth = bandwidthMiBps(config);
  return {
    targetUri: input.targetUri,
    migrationUid: input.migrationUid,
    completionTimeoutPerGiBSeconds:
      config.completionTimeoutPerGiB ?? defaultCompletionTimeoutPerGiB,
    ...(bandwidth === undefined ? {} : { bandwidthMiBps: bandwidth }),
    ...(config.allowAutoConverge === undefined
      ? {}
      : { allowAutoConverge: config.allowAutoConverge }),
    ...(config.allowPostCopy === undefined ? {} : { allowPostCopy: config.allowPostCopy }),
  };
}

/**
 * How long the handler waits for `Migrate` to answer: the launcher's own completion timeout
 * for the guest's memory, plus two minutes for the launcher to abort and answer.
 */
export function migrateRequestTimeoutMs(
  vmi: VirtualMachineInstance,
  params: MigrateParams,
): number {
  const perGiB = params.completionTimeoutPerGiBSeconds ?? defaultCompletionTimeoutPerGiB;
  return (perGiB * guestMemoryGiB(vmi) + 120) * 1000;
}
