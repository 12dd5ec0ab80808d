import { Alert, EmptyState, EmptyStateBody, Skeleton } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import type { KubeError } from '../k8s/index.ts';

/** The empty state of a list: its title, and a sentence on what to do. */
export interface ListEmpty {
  readonly title: string;
  readonly body?: ReactNode;
}

/**
 * The body of a list page: the server's error (as information when the user may not list
 * `what`), a skeleton while loading, the `empty` state when given, else the table (`children`).
 */
export function ListBody(props: {
  /** The listed things in words, plural (`nodes`). */
  readonly what: string;
  readonly loaded: boolean;
  readonly error: KubeError | undefined;
  readonly empty?: ListEmpty | undefined;
  readonly children: ReactNode;
}): ReactNode {
  const { what, error, empty } = props;
  if (error !== undefined) {
    const forbidden = error.code === 403;
    return (
      <Alert
        variant={forbidden ? 'info' : 'danger'}
        isInline
        title={forbidden ? `You may not list ${what}` : `Could not load ${what}`}
      >
        {error.message}
      </Alert>
    );
  }
  if (!props.loaded) return <Skeleton screenreaderText={`Loading ${what}`} />;
  if (empty === undefined) return props.children;
  return (
    <EmptyState titleText={empty.title} headingLevel="h2">
      {empty.body === undefined ? null : <EmptyStateBody>{empty.body}</EmptyStateBody>}
    </EmptyState>
  );
}
