import { ActionGroup, Button, Tooltip } from '@patternfly/react-core';
import type { ReactElement } from 'react';

interface CreateVmButtonsProps {
  /** Why Create cannot be pressed (no permission, a YAML error, a request running), if so. */
  readonly disabledReason: string | undefined;
  readonly busy: boolean;
  readonly onCreate: () => void;
  readonly onCancel: () => void;
}

/** Create (disabled but focusable, with the reason in a tooltip) and Cancel. */
export function CreateVmButtons(props: CreateVmButtonsProps): ReactElement {
  const { disabledReason, busy, onCreate, onCancel } = props;
  return (
    <ActionGroup>
      {/* Always inside the tooltip, so the button keeps its DOM node (and focus) as it toggles. */}
      <Tooltip
        content={disabledReason}
        trigger={disabledReason === undefined ? 'manual' : 'mouseenter focus'}
        {...(disabledReason === undefined ? { isVisible: false } : {})}
      >
        <Button
          variant="primary"
          isAriaDisabled={disabledReason !== undefined || busy}
          isLoading={busy}
          onClick={onCreate}
        >
          Create
        </Button>
      </Tooltip>
      <Button variant="link" onClick={onCancel}>
        Cancel
      </Button>
    </ActionGroup>
  );
}
