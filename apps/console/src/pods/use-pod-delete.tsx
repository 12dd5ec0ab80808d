import { type ReactElement, useCallback, useState } from 'react';
import { ConfirmDeleteModal } from '../shared/ConfirmDeleteModal.tsx';
import { failureMessage, useFailureAlerts } from '../shared/use-failure-alerts.tsx';
import { deletePod } from './pod-delete.ts';
import type { PodResource } from './pod-resource.ts';

function ConfirmDelete(props: {
  readonly pod: PodResource | undefined;
  readonly onConfirm: (pod: PodResource) => void;
  readonly onCancel: () => void;
}): ReactElement {
  const { pod, onConfirm, onCancel } = props;
  const name = pod?.metadata.name ?? '';
  return (
    <ConfirmDeleteModal
      isOpen={pod !== undefined}
      title="Delete pod?"
      labelId="pod-delete"
      onConfirm={() => {
        if (pod !== undefined) onConfirm(pod);
      }}
      onCancel={onCancel}
    >
      {`Pod ${name} in namespace ${pod?.metadata.namespace ?? ''} will be deleted. A controller that owns it may start a new one.`}
    </ConfirmDeleteModal>
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
  const { report, alerts } = useFailureAlerts();
  const confirm = useCallback(
    (pod: PodResource) => {
      setPending(undefined);
      deletePod(pod).then(
        () => onDeleted?.(pod),
        (error: unknown) => {
          const title = `Could not delete ${pod.metadata.name ?? ''}`;
          report([{ title, message: failureMessage(error) }]);
        },
      );
    },
    [onDeleted, report],
  );
  const feedback = (
    <>
      {alerts}
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
