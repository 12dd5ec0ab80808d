import {
  Dropdown,
  DropdownItem,
  DropdownList,
  MenuToggle,
  type MenuToggleElement,
} from '@patternfly/react-core';
import { EllipsisVIcon } from '@patternfly/react-icons';
import { type ReactElement, type Ref, useState } from 'react';

/** An item of a {@link KebabMenu}. */
export interface KebabItem {
  readonly key: string;
  readonly label: string;
  readonly onClick: () => void;
  readonly isDanger?: boolean;
  /** Why the item is disabled (shown in a tooltip); enabled when undefined. */
  readonly disabledReason?: string | undefined;
}

/**
 * A row's actions menu: a plain "⋮" toggle named `label`, opening `items`; choosing one closes
 * the menu, and a disabled item stays focusable and says why.
 */
export function KebabMenu(props: {
  readonly label: string;
  readonly items: readonly KebabItem[];
}): ReactElement {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <Dropdown
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      popperProps={{ position: 'right' }}
      toggle={(ref: Ref<MenuToggleElement>) => (
        <MenuToggle
          ref={ref}
          variant="plain"
          aria-label={props.label}
          icon={<EllipsisVIcon />}
          isExpanded={isOpen}
          onClick={() => {
            setIsOpen(!isOpen);
          }}
        />
      )}
    >
      <DropdownList>
        {props.items.map((item) => (
          <DropdownItem
            key={item.key}
            isDanger={item.isDanger ?? false}
            isAriaDisabled={item.disabledReason !== undefined}
            {...(item.disabledReason === undefined
              ? {}
              : { tooltipProps: { content: item.disabledReason } })}
            onClick={() => {
              setIsOpen(false);
              item.onClick();
            }}
          >
            {item.label}
          </DropdownItem>
        ))}
      </DropdownList>
    </Dropdown>
  );
}
