import { type ReactElement, useCallback, useState } from 'react';
import { ConfirmDeleteModal } from '../shared/ConfirmDeleteModal.tsx';
import { type Failure, failureMessage, useFailureAlerts } from '../shared/use-failure-alerts.tsx';
import type { VmAction } from './vm-actions.ts';
import type { VmTarget } from './vm-target.ts';

interface PendingDelete {
  readonly action: VmAction;
  readonly targets: readonly VmTarget[];
}

async function runOn(action: VmAction, targets: readonly VmTarget[]): Promise<Failure[]> {
  const outcomes = await Promise.allSettled(targets.map(({ vm }) => action.run(vm)));
  return outcomes.flatMap((outcome, index) => {
    if (outcome.status === 'fulfilled') return [];
    const name = targets[index]?.vm.metadata.name ?? '';
    const title = `Could not ${action.label.toLowerCase()} ${name}`;
    return [{ title, message: failureMessage(outcome.reason) }];
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
    <ConfirmDeleteModal
      isOpen={pending !== undefined}
      title={count === 1 ? 'Delete virtual machine?' : `Delete ${String(count)} virtual machines?`}
      labelId="vm-delete-title"
      onConfirm={() => {
        if (pending !== undefined) onConfirm(pending);
      }}
      onCancel={onCancel}
    >
      {pending === undefined
        ? null
        : `${names(pending.targets)} will be deleted with their disks' data.`}
    </ConfirmDeleteModal>
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
  const { report, alerts } = useFailureAlerts();
  const [pending, setPending] = useState<PendingDelete | undefined>(undefined);
  const execute = useCallback(
    (action: VmAction, targets: readonly VmTarget[]) => {
      void runOn(action, targets).then(report);
    },
    [report],
  );
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
      {alerts}
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
