import {
  Dropdown,
  DropdownItem,
  DropdownList,
  MenuToggle,
  type MenuToggleElement,
} from '@patternfly/react-core';
import { EllipsisVIcon } from '@patternfly/react-icons';
import { type ReactElement, type Ref, useState } from 'react';
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
  const [isOpen, setIsOpen] = useState(false);
  const name = target.vm.metadata.name ?? '';
  const namespace = target.vm.metadata.namespace ?? '';
  return (
    <Dropdown
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      popperProps={{ position: 'right' }}
      toggle={(ref: Ref<MenuToggleElement>) => (
        <MenuToggle
          ref={ref}
          variant="plain"
          aria-label={`Actions for ${name}`}
          icon={<EllipsisVIcon />}
          isExpanded={isOpen}
          onClick={() => {
            setIsOpen(!isOpen);
          }}
        />
      )}
    >
      <DropdownList>
        {vmActions.map((action) => {
          const reason = vmActionDisabledReason({
            action,
            ...target,
            access: access(namespace, action.id),
          });
          return (
            <DropdownItem
              key={action.id}
              isAriaDisabled={reason !== undefined}
              isDanger={action.id === 'delete'}
              {...(reason === undefined ? {} : { tooltipProps: { content: reason } })}
              onClick={() => {
                setIsOpen(false);
                onRun(action, [target]);
              }}
            >
              {action.label}
            </DropdownItem>
          );
        })}
      </DropdownList>
    </Dropdown>
  );
}
