import {
  Dropdown,
  DropdownItem,
  DropdownList,
  MenuToggle,
  type MenuToggleElement,
  Skeleton,
} from '@patternfly/react-core';
import { UserIcon } from '@patternfly/react-icons';
import { type ReactElement, type Ref, useState } from 'react';
import { useCurrentUser } from '../k8s/index.ts';

/** The signed-in user's name, opening a menu with "Sign out". */
export function UserMenu(): ReactElement {
  const current = useCurrentUser();
  const [isOpen, setIsOpen] = useState(false);
  if (current.loading) return <Skeleton width="8rem" screenreaderText="Loading user" />;
  const username =
    current.user?.username ?? (current.error === undefined ? 'Not signed in' : 'Unknown user');
  return (
    <Dropdown
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      popperProps={{ position: 'right' }}
      toggle={(ref: Ref<MenuToggleElement>) => (
        <MenuToggle
          ref={ref}
          variant="plainText"
          icon={<UserIcon />}
          isExpanded={isOpen}
          onClick={() => {
            setIsOpen(!isOpen);
          }}
        >
          {username}
        </MenuToggle>
      )}
    >
      <DropdownList>
        <DropdownItem
          key="sign-out"
          onClick={() => {
            setIsOpen(false);
            void current.signOut();
          }}
        >
          Sign out
        </DropdownItem>
      </DropdownList>
    </Dropdown>
  );
}
