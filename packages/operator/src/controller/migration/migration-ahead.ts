import type { VirtualMachineInstanceMigration } from '@podvisor/api';
import { isFinalMigrationPhase } from './plan-migration.ts';

/** Whether the migration has left Pending (it holds its VMI until it ends). */
function isUnderWay(migration: VirtualMachineInstanceMigration): boolean {
  const phase = migration.status?.phase ?? '';
  return phase !== '' && phase !== 'Pending';
}

/** Orders migrations of one VMI: those under way first, then the oldest, then by name. */
function compareTurns(
  a: VirtualMachineInstanceMigration,
  b: VirtualMachineInstanceMigration,
): number {
  const underWay = Number(isUnderWay(b)) - Number(isUnderWay(a));
  if (underWay !== 0) return underWay;
  const created = (m: VirtualMachineInstanceMigration): string =>
    m.metadata.creationTimestamp ?? '';
  const byAge = created(a).localeCompare(created(b));
  return byAge !== 0 ? byAge : (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/**
 * The name of the unfinished migration of the same VMI that goes before `migration` — one
 * already under way, else an older pending one — or `undefined` when it is `migration`'s turn.
 * KubeVirt runs one migration per VMI at a time; the others wait in Pending.
 */
export function migrationAhead(
  migration: VirtualMachineInstanceMigration,
  sameVmi: readonly VirtualMachineInstanceMigration[],
): string | undefined {
  const uid = migration.metadata.uid;
  const rivals = sameVmi.filter(
    (other) =>
      other.metadata.uid !== uid &&
      other.spec.vmiName === migration.spec.vmiName &&
      !isFinalMigrationPhase(other.status?.phase),
  );
  const ahead = rivals.find((other) => compareTurns(other, migration) < 0);
  return ahead?.metadata.name;
}
