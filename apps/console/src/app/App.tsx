import type { ReactElement } from 'react';
import { RouterProvider, type RouterProviderProps } from 'react-router/dom';
import { WatchSocketProvider } from '../k8s/index.ts';

/** The console: the shared watch socket around the router (built from `routes`). */
export function App({ router }: { readonly router: RouterProviderProps['router'] }): ReactElement {
  return (
    <WatchSocketProvider>
      <RouterProvider router={router} />
    </WatchSocketProvider>
  );
}
