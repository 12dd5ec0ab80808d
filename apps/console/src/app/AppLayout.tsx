import { Page, PageSidebar, PageSidebarBody, SkipToContent } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { Outlet } from 'react-router';
import { AppMasthead } from './AppMasthead.tsx';
import { AppNav, type NavEntry } from './AppNav.tsx';

const mainId = 'podvisor-main';

/** The page frame: masthead, sidebar navigation and the current route's page. */
export function AppLayout({ nav }: { readonly nav: readonly NavEntry[] }): ReactElement {
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <AppNav entries={nav} />
      </PageSidebarBody>
    </PageSidebar>
  );
  return (
    <Page
      masthead={<AppMasthead />}
      sidebar={sidebar}
      isManagedSidebar
      mainContainerId={mainId}
      skipToContent={<SkipToContent href={`#${mainId}`}>Skip to content</SkipToContent>}
    >
      <Outlet />
    </Page>
  );
}
