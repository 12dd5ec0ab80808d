import type { RouteObject } from 'react-router';
import { Navigate, useLocation } from 'react-router';
import type { ReactElement } from 'react';
import { AppLayout } from './AppLayout.tsx';
import type { NavEntry } from './AppNav.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { PageErrorBoundary } from './PageErrorBoundary.tsx';

/** A page of the console: its path, its sidebar title, and its lazily loaded component. */
interface PageRoute extends NavEntry {
  readonly load: () => Promise<{ Component: () => ReactElement }>;
}

// THE route table: every page, its sidebar entry and its code chunk, in sidebar order.
const pages: readonly PageRoute[] = [
  {
    path: '/overview',
    title: 'Overview',
    load: async () => ({ Component: (await import('../overview/OverviewPage.tsx')).OverviewPage }),
  },
  {
    path: '/workloads',
    title: 'Workloads',
    load: async () => ({
      Component: (await import('../workloads/WorkloadsPage.tsx')).WorkloadsPage,
    }),
  },
  {
    path: '/vms',
    title: 'Virtual machines',
    load: async () => ({
      Component: (await import('../vms/VirtualMachinesPage.tsx')).VirtualMachinesPage,
    }),
  },
  {
    path: '/pods',
    title: 'Pods',
    load: async () => ({ Component: (await import('../pods/PodsPage.tsx')).PodsPage }),
  },
  {
    path: '/migrations',
    title: 'Migrations',
    load: async () => ({
      Component: (await import('../migrations/MigrationsPage.tsx')).MigrationsPage,
    }),
  },
  {
    path: '/nodes',
    title: 'Nodes',
    load: async () => ({ Component: (await import('../nodes/NodesPage.tsx')).NodesPage }),
  },
  {
    path: '/events',
    title: 'Events',
    load: async () => ({ Component: (await import('../events/EventsPage.tsx')).EventsPage }),
  },
];

// Pages reached by links, not from the sidebar (details pages).
const linkedPages: readonly PageRoute[] = [
  {
    path: '/vms/~new',
    title: 'Create virtual machine',
    load: async () => ({
      Component: (await import('../create/CreateVirtualMachinePage.tsx')).CreateVirtualMachinePage,
    }),
  },
  {
    path: '/vms/:namespace/:name',
    title: 'Virtual machine',
    load: async () => ({
      Component: (await import('../vms/VirtualMachineDetailsPage.tsx')).VirtualMachineDetailsPage,
    }),
  },
  {
    path: '/pods/:namespace/:name',
    title: 'Pod',
    load: async () => ({
      Component: (await import('../pods/PodDetailsPage.tsx')).PodDetailsPage,
    }),
  },
];

// Pages that fill the window without the masthead and sidebar (the pop-out console).
const windowPages: readonly PageRoute[] = [
  {
    path: '/vms/:namespace/:name/console',
    title: 'Console',
    load: async () => ({
      Component: (await import('../consoles/ConsolePopoutPage.tsx')).ConsolePopoutPage,
    }),
  },
];

/** Redirects to `to`, keeping the search parameters (the chosen namespace). */
function RedirectKeepingSearch({ to }: { readonly to: string }): ReactElement {
  const { search } = useLocation();
  return <Navigate to={`${to}${search}`} replace />;
}

/** The sidebar entries, from the route table. */
export const navEntries: readonly NavEntry[] = pages.map(({ path, title }) => ({ path, title }));

/**
 * The console's routes for `createBrowserRouter` (or a memory router in tests): the layout with
 * one child per page, each with its own error boundary; `/` goes to the first page; any other
 * path is "page not found".
 */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout nav={navEntries} />,
    errorElement: <PageErrorBoundary />,
    children: [
      { index: true, element: <RedirectKeepingSearch to={pages[0]?.path ?? '/'} /> },
      ...[...pages, ...linkedPages].map((page): RouteObject => ({
        path: page.path,
        lazy: page.load,
        errorElement: <PageErrorBoundary />,
        handle: { title: page.title },
      })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  ...windowPages.map((page): RouteObject => ({
    path: page.path,
    lazy: page.load,
    errorElement: <PageErrorBoundary />,
    handle: { title: page.title },
  })),
];
