import { EmptyState, EmptyStateBody, EmptyStateFooter, PageSection } from '@patternfly/react-core';
import { ExclamationTriangleIcon } from '@patternfly/react-icons';
import type { ReactElement } from 'react';
import { Link, useLocation } from 'react-router';

/** What any unknown path shows: "page not found" with a link home. */
export function NotFoundPage(): ReactElement {
  const { pathname } = useLocation();
  return (
    <PageSection>
      <EmptyState titleText="Page not found" headingLevel="h1" icon={ExclamationTriangleIcon}>
        <EmptyStateBody>
          There is no page at <code>{pathname}</code>.
        </EmptyStateBody>
        <EmptyStateFooter>
          <Link to="/">Go to the home page</Link>
        </EmptyStateFooter>
      </EmptyState>
    </PageSection>
  );
}
