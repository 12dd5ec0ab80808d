import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core';
import { type ReactElement, useCallback, useState } from 'react';
import type { VmAction } from './vm-actions.ts';
import type { VmTarget } from './vm-target.ts';

/** A failed action on one VM, with the server's message. */
export interface VmActionFailure {
  readonly id: number;
  readonly title: string;
  readonly message: string;
}

interface PendingDelete {
  readonly action: VmAction;
  readonly targets: readonly VmTarget[];
}

let nextFailureId = 0;

async function runOn(action: VmAction, targets: readonly VmTarget[]): Promise<VmActionFailure[]> {
  const outcomes = await Promise.allSettled(targets.map(({ vm }) => action.run(vm)));
  return outcomes.flatMap((outcome, index) => {
    if (outcome.status === 'fulfilled') return [];
    const name = targets[index]?.vm.metadata.name ?? '';
    const error: unknown = outcome.reason;
    const message = error instanceof Error ? error.message : String(error);
    nextFailureId += 1;
    return [
      { id: nextFailureId, title: `Could not ${action.label.toLowerCase()} ${name}`, message },
    ];
  });
}

function names(targets: readonly VmTarget[]): string {
  return targets.map(({ vm }) => vm.metadata.name ?? '').join(', ');
}

function ConfirmDelete(props: {
  readonly pending: PendingDelete | undefined;
  readonly onConfirm: (pending: PendingDelete) => void;
  readonly onCancel: () => void;
}): ReactElement {
  const { pending, onConfirm, onCancel } = props;
  const count = pending?.targets.length ?? 0;
  return (
    <Modal
      isOpen={pending !== undefined}
      onClose={onCancel}
      variant="small"
      aria-labelledby="vm-delete-title"
    >
      <ModalHeader
        title={
          count === 1 ? 'Delete virtual machine?' : `Delete ${String(count)} virtual machines?`
        }
        labelId="vm-delete-title"
        titleIconVariant="warning"
      />
      <ModalBody>
        {pending === undefined
          ? null
          : `${names(pending.targets)} will be deleted with their disks' data.`}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="danger"
          onClick={() => {
            if (pending !== undefined) onConfirm(pending);
          }}
        >
          Delete
        </Button>
        <Button variant="link" onClick={onCancel}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/**
 * Runs VM actions on behalf of a page: `request(action, targets)` runs it on each target (Delete
 * asks to confirm first); `feedback` is the confirmation dialog and one alert per failure, in the
 * server's words, to render on the page.
 */
export function useVmActionRunner(): {
  readonly request: (action: VmAction, targets: readonly VmTarget[]) => void;
  readonly feedback: ReactElement;
} {
  const [failures, setFailures] = useState<readonly VmActionFailure[]>([]);
  const [pending, setPending] = useState<PendingDelete | undefined>(undefined);
  const execute = useCallback((action: VmAction, targets: readonly VmTarget[]) => {
    void runOn(action, targets).then((failed) => {
      if (failed.length > 0) setFailures((current) => [...current, ...failed]);
    });
  }, []);
  const request = useCallback(
    (action: VmAction, targets: readonly VmTarget[]) => {
      if (targets.length === 0) return;
      if (action.id === 'delete') setPending({ action, targets });
      else execute(action, targets);
    },
    [execute],
  );
  const feedback = (
    <>
      <AlertGroup isLiveRegion>
        {failures.map((failure) => (
          <Alert
            key={failure.id}
            variant="danger"
            isInline
            title={failure.title}
            actionClose={
              <AlertActionCloseButton
                onClose={() => {
                  setFailures((current) => current.filter((entry) => entry.id !== failure.id));
                }}
              />
            }
          >
            {failure.message}
          </Alert>
        ))}
      </AlertGroup>
      <ConfirmDelete
        pending={pending}
        onCancel={() => {
          setPending(undefined);
        }}
        onConfirm={(confirmed) => {
          setPending(undefined);
          execute(confirmed.action, confirmed.targets);
        }}
      />
    </>
  );
  return { request, feedback };
}
