import { statusErrors, type StatusCause, type StatusError } from '../status-error.ts';
import { compareFieldPaths, formatFieldPath, type FieldPath } from './field-path.ts';
import { managerIdentity, printManager, type ManagedEntry } from './managed-fields.ts';

/** One field another manager owns with a different value. */
export interface ApplyConflict {
  readonly owner: ManagedEntry;
  readonly path: FieldPath;
}

function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only !== undefined) {
    return `Apply failed with 1 conflict: conflict with ${printManager(only.owner)}: ${formatFieldPath(only.path)}`;
  }
  const lines: string[] = [];
  let current: string | undefined;
  for (const conflict of conflicts) {
    const owner = printManager(conflict.owner);
    if (owner !== current) lines.push(`conflicts with ${owner}:`);
    current = owner;
    lines.push(`- ${formatFieldPath(conflict.path)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** Conflicts sorted as Kubernetes prints them: by manager identity, then by path. */
export function sortConflicts(conflicts: readonly ApplyConflict[]): ApplyConflict[] {
  return [...conflicts].sort((a, b) => {
    const ida = managerIdentity(a.owner);
    const idb = managerIdentity(b.owner);
    if (ida !== idb) return ida < idb ? -1 : 1;
    return compareFieldPaths(a.path, b.path);
  });
}

/**
 * The 409 Kubernetes answers for apply conflicts: `Apply failed with 1 conflict: conflict with
 * "kubectl-client-side-apply" using apps/v1: .spec.replicas`, one FieldManagerConflict cause per
 * field.
 */
export function applyConflictError(conflicts: readonly ApplyConflict[]): StatusError {
  const sorted = sortConflicts(conflicts);
  const causes: StatusCause[] = sorted.map((conflict) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(conflict.owner)}`,
    field: formatFieldPath(conflict.path),
  }));
  return statusErrors.applyConflict(conflictMessage(sorted), causes);
}
