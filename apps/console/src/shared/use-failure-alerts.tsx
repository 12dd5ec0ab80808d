import { Alert, AlertActionCloseButton, AlertGroup } from '@patternfly/react-core';
import { type ReactElement, useCallback, useState } from 'react';

/** A failed request: what could not be done, and the server's message. */
export interface Failure {
  readonly title: string;
  readonly message: string;
}

interface ShownFailure extends Failure {
  readonly id: number;
}

let nextFailureId = 0;

/** The message of a thrown value (a KubeError carries the server's words). */
export function failureMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Failures of a page's actions: `report(failures)` adds them; `alerts` is a live region with
 * one closable danger alert per failure, to render on the page.
 */
export function useFailureAlerts(): {
  readonly report: (failures: readonly Failure[]) => void;
  readonly alerts: ReactElement;
} {
  const [failures, setFailures] = useState<readonly ShownFailure[]>([]);
  const report = useCallback((added: readonly Failure[]) => {
    if (added.length === 0) return;
    const shown = added.map((failure) => {
      nextFailureId += 1;
      return { ...failure, id: nextFailureId };
    });
    setFailures((current) => [...current, ...shown]);
  }, []);
  const alerts = (
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
  );
  return { report, alerts };
}
