import { Button, Flex, FlexItem, Tooltip } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { planBulkAction } from './bulk-action-reason.ts';
import type { VmAccessLookup } from './use-vm-action-access.ts';
import { type VmAction, vmActions } from './vm-actions.ts';
import type { VmTarget } from './vm-target.ts';

interface VmActionButtonsProps {
  /** The VMs the buttons act on (the selection, or the one VM of a details page). */
  readonly targets: readonly VmTarget[];
  readonly access: VmAccessLookup;
  readonly onRun: (action: VmAction, targets: readonly VmTarget[]) => void;
}

/** One button per VM action; a disabled one stays focusable and says why in a tooltip. */
export function VmActionButtons({ targets, access, onRun }: VmActionButtonsProps): ReactElement {
  return (
    <Flex spaceItems={{ default: 'spaceItemsSm' }}>
      {vmActions.map((action) => {
        const plan = planBulkAction(action, targets, access);
        const button = (
          <Button
            variant={action.id === 'delete' ? 'danger' : 'secondary'}
            isAriaDisabled={plan.reason !== undefined}
            onClick={() => {
              onRun(action, plan.eligible);
            }}
          >
            {action.label}
          </Button>
        );
        return (
          <FlexItem key={action.id}>
            {/* Always inside the tooltip, so the button keeps its DOM node (and focus) as it toggles. */}
            <Tooltip
              content={plan.reason}
              trigger={plan.reason === undefined ? 'manual' : 'mouseenter focus'}
              {...(plan.reason === undefined ? { isVisible: false } : {})}
            >
              {button}
            </Tooltip>
          </FlexItem>
        );
      })}
    </Flex>
  );
}
