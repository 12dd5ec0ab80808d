import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import type { ReactElement, ReactNode } from 'react';

/**
 * The small "Delete …?" dialog: `title` with a warning icon, what will happen (`children`), a
 * danger Delete button and Cancel. `labelId` names the dialog by its title.
 */
export function ConfirmDeleteModal(props: {
  readonly isOpen: boolean;
  readonly title: string;
  readonly labelId: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly children: ReactNode;
}): ReactElement {
  const { isOpen, title, labelId, onConfirm, onCancel } = props;
  return (
    <Modal isOpen={isOpen} onClose={onCancel} variant="small" aria-labelledby={labelId}>
      <ModalHeader title={title} labelId={labelId} titleIconVariant="warning" />
      <ModalBody>{props.children}</ModalBody>
      <ModalFooter>
        <Button variant="danger" onClick={onConfirm}>
          Delete
        </Button>
        <Button variant="link" onClick={onCancel}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
