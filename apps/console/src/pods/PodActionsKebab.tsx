import {
  Dropdown,
  DropdownItem,
  DropdownList,
  MenuToggle,
  type MenuToggleElement,
} from '@patternfly/react-core';
import { EllipsisVIcon } from '@patternfly/react-icons';
import { type ReactElement, type Ref, useState } from 'react';
import { useNavigate } from 'react-router';
import type { AccessResult } from '../k8s/index.ts';
import { podDeleteDisabledReason } from './pod-delete.ts';
import { podHref } from './pod-href.ts';
import type { PodResource } from './pod-resource.ts';

interface PodActionsKebabProps {
  readonly pod: PodResource;
  /** The delete verdict in the pod's namespace; undefined while it is being asked. */
  readonly access: AccessResult | undefined;
  readonly onDelete: (pod: PodResource) => void;
}

/** A pod row's menu: View logs, and Delete (disabled, saying why, when the user may not). */
export function PodActionsKebab({ pod, access, onDelete }: PodActionsKebabProps): ReactElement {
  const [isOpen, setIsOpen] = useState(false);
  const navigate = useNavigate();
  const name = pod.metadata.name ?? '';
  const reason = podDeleteDisabledReason(pod, access);
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
        <DropdownItem
          onClick={() => {
            setIsOpen(false);
            void navigate(podHref(pod.metadata.namespace ?? '', name, 'logs'));
          }}
        >
          View logs
        </DropdownItem>
        <DropdownItem
          isDanger
          isAriaDisabled={reason !== undefined}
          {...(reason === undefined ? {} : { tooltipProps: { content: reason } })}
          onClick={() => {
            setIsOpen(false);
            onDelete(pod);
          }}
        >
          Delete
        </DropdownItem>
      </DropdownList>
    </Dropdown>
  );
}
