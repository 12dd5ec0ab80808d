import {
  MenuToggle,
  type MenuToggleElement,
  Select,
  SelectList,
  SelectOption,
} from '@patternfly/react-core';
import { type ReactElement, type Ref, useState } from 'react';
import { useNamespace } from './use-namespace.ts';
import { useNamespaces } from './use-namespaces.ts';

const allNamespaces = 'All namespaces';

/** The options: the listable namespaces, plus the chosen one should it not be among them. */
function namespaceOptions(names: readonly string[], chosen: string | undefined): readonly string[] {
  return chosen === undefined || names.includes(chosen) ? names : [chosen, ...names];
}

/**
 * Chooses the namespace every page shows (`?ns=`): "All namespaces" or one the user can list.
 * When the user may not list namespaces, the menu says why.
 */
export function NamespaceSelector(): ReactElement {
  const [namespace, setNamespace] = useNamespace();
  const { names, error } = useNamespaces();
  const [isOpen, setIsOpen] = useState(false);
  const label = namespace ?? allNamespaces;
  return (
    <Select
      isOpen={isOpen}
      selected={namespace ?? ''}
      onOpenChange={setIsOpen}
      onSelect={(_event, value) => {
        setNamespace(typeof value === 'string' && value !== '' ? value : undefined);
        setIsOpen(false);
      }}
      isScrollable
      maxMenuHeight="24rem"
      shouldFocusToggleOnSelect
      toggle={(ref: Ref<MenuToggleElement>) => (
        <MenuToggle
          ref={ref}
          aria-label={`Namespace: ${label}`}
          isExpanded={isOpen}
          onClick={() => {
            setIsOpen(!isOpen);
          }}
        >
          {label}
        </MenuToggle>
      )}
    >
      <SelectList aria-label="Namespaces">
        <SelectOption value="">{allNamespaces}</SelectOption>
        {namespaceOptions(names, namespace).map((name) => (
          <SelectOption key={name} value={name}>
            {name}
          </SelectOption>
        ))}
        {error === undefined ? null : (
          <SelectOption isDisabled value="__error" description={error}>
            Cannot list namespaces
          </SelectOption>
        )}
      </SelectList>
    </Select>
  );
}
