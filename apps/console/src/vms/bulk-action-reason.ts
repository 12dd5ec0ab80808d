import type { VmAccessLookup } from './use-vm-action-access.ts';
import { vmActionDisabledReason } from './vm-action-reason.ts';
import type { VmAction } from './vm-actions.ts';
import type { VmTarget } from './vm-target.ts';

/** Which of the targets an action can run on, and why it cannot run at all (when none). */
export interface BulkActionPlan {
  readonly eligible: readonly VmTarget[];
  readonly reason: string | undefined;
}

/** Reading when nothing is selected. */
export const noSelectionReason = 'Select one or more virtual machines';

/**
 * Plans `action` over `targets`: it runs on every target it is enabled for; when there is none,
 * the reason is the first target's (named when there are several).
 */
export function planBulkAction(
  action: VmAction,
  targets: readonly VmTarget[],
  access: VmAccessLookup,
): BulkActionPlan {
  if (targets.length === 0) return { eligible: [], reason: noSelectionReason };
  const reasons = targets.map((target) =>
    vmActionDisabledReason({
      action,
      ...target,
      access: access(target.vm.metadata.namespace ?? '', action.id),
    }),
  );
  const eligible = targets.filter((_target, index) => reasons[index] === undefined);
  if (eligible.length > 0) return { eligible, reason: undefined };
  const first = reasons[0] ?? '';
  if (targets.length === 1) return { eligible, reason: first };
  return { eligible, reason: `${targets[0]?.vm.metadata.name ?? ''}: ${first}` };
}
