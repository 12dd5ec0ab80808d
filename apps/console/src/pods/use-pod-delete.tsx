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
import { deletePod } from './pod-delete.ts';
import type { PodResource } from './pod-resource.ts';

interface Failure {
  readonly id: number;
  readonly name: string;
  readonly message: string;
}

let nextFailureId = 0;

function ConfirmDelete(props: {
  readonly pod: PodResource | undefined;
  readonly onConfirm: (pod: PodResource) => void;
  readonly onCancel: () => void;
}): ReactElement {
  const { pod, onConfirm, onCancel } = props;
  const name = pod?.metadata.name ?? '';
  return (
    <Modal
      isOpen={pod !== undefined}
      onClose={onCancel}
      variant="small"
      aria-labelledby="pod-delete"
    >
      <ModalHeader title="Delete pod?" labelId="pod-delete" titleIconVariant="warning" />
      <ModalBody>
        {`Pod ${name} in namespace ${pod?.metadata.namespace ?? ''} will be deleted. A controller that owns it may start a new one.`}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="danger"
          onClick={() => {
            if (pod !== undefined) onConfirm(pod);
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

function Failures(props: {
  readonly failures: readonly Failure[];
  readonly onClose: (id: number) => void;
}): ReactElement {
  return (
    <AlertGroup isLiveRegion>
      {props.failures.map((failure) => (
        <Alert
          key={failure.id}
          variant="danger"
          isInline
          title={`Could not delete ${failure.name}`}
          actionClose={
            <AlertActionCloseButton
              onClose={() => {
                props.onClose(failure.id);
              }}
            />
          }
        >
          {failure.message}
        </Alert>
      ))}
    </AlertGroup>
  );
}

/**
 * Deletes pods on behalf of a page: `request(pod)` asks to confirm, then deletes; `feedback` is the
 * dialog and one alert per failure (the server's words), to render on the page.
 */
export function usePodDelete(options: { readonly onDeleted?: (pod: PodResource) => void } = {}): {
  readonly request: (pod: PodResource) => void;
  readonly feedback: ReactElement;
} {
  const { onDeleted } = options;
  const [pending, setPending] = useState<PodResource | undefined>(undefined);
  const [failures, setFailures] = useState<readonly Failure[]>([]);
  const confirm = useCallback(
    (pod: PodResource) => {
      setPending(undefined);
      deletePod(pod).then(
        () => onDeleted?.(pod),
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          nextFailureId += 1;
          const failure = { id: nextFailureId, name: pod.metadata.name ?? '', message };
          setFailures((current) => [...current, failure]);
        },
      );
    },
    [onDeleted],
  );
  const feedback = (
    <>
      <Failures
        failures={failures}
        onClose={(id) => {
          setFailures((current) => current.filter((entry) => entry.id !== id));
        }}
      />
      <ConfirmDelete
        pod={pending}
        onConfirm={confirm}
        onCancel={() => {
          setPending(undefined);
        }}
      />
    </>
  );
  return { request: setPending, feedback };
}
