import { Alert, AlertActionLink, PageSection } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** A readable title and message for whatever a page threw. */
export function describePageError(error: unknown): { title: string; message: string } {
  if (isRouteErrorResponse(error)) {
    const detail =
      typeof error.data === 'string' && error.data !== '' ? error.data : error.statusText;
    return {
      title: `This page failed: ${error.status} ${error.statusText}`.trim(),
      message: detail,
    };
  }
  if (error instanceof Error) return { title: 'This page failed', message: error.message };
  return {
    title: 'This page failed',
    message: typeof error === 'string' ? error : 'Unknown error',
  };
}

/** A route's error element: the error in words, with a way to retry or go home. */
export function PageErrorBoundary(): ReactElement {
  const { title, message } = describePageError(useRouteError());
  return (
    <PageSection>
      <Alert
        variant="danger"
        title={title}
        actionLinks={
          <>
            <AlertActionLink
              onClick={() => {
                window.location.reload();
              }}
            >
              Reload
            </AlertActionLink>
            <Link to="/">Go to the home page</Link>
          </>
        }
      >
        <p>{message}</p>
      </Alert>
    </PageSection>
  );
}
