import type { ReactElement } from 'react';
import { KebabMenu } from '../shared/KebabMenu.tsx';
import type { VmAccessLookup } from './use-vm-action-access.ts';
import { vmActionDisabledReason } from './vm-action-reason.ts';
import { type VmAction, vmActions } from './vm-actions.ts';
import type { VmTarget } from './vm-target.ts';

interface VmActionsKebabProps {
  readonly target: VmTarget;
  readonly access: VmAccessLookup;
  readonly onRun: (action: VmAction, targets: readonly VmTarget[]) => void;
}

/** The per-row menu of VM actions; a disabled item says why in a tooltip. */
export function VmActionsKebab({ target, access, onRun }: VmActionsKebabProps): ReactElement {
  const name = target.vm.metadata.name ?? '';
  const namespace = target.vm.metadata.namespace ?? '';
  return (
    <KebabMenu
      label={`Actions for ${name}`}
      items={vmActions.map((action) => ({
        key: action.id,
        label: action.label,
        isDanger: action.id === 'delete',
        disabledReason: vmActionDisabledReason({
          action,
          ...target,
          access: access(namespace, action.id),
        }),
        onClick: () => {
          onRun(action, [target]);
        },
      }))}
    />
  );
}
