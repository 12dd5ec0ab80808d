// Test support: renders a page under a memory router so that a watch changed with `pushWatch`
// re-renders it, as a watch event arriving over the BFF's socket would.
import { act, render } from '@testing-library/react';
import { type ComponentType, type ReactElement, useSyncExternalStore } from 'react';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { fakeK8s, type FakeWatchResult } from '../app/fake-k8s.ts';

const listeners = new Set<() => void>();
let version = 0;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function Live({ page: Page }: { readonly page: ComponentType }): ReactElement {
  useSyncExternalStore(subscribe, () => version);
  return <Page />;
}

/** Sets what watching `resource` returns and re-renders the page, like a watch event. */
export function pushWatch(resource: string, result: FakeWatchResult): void {
  act(() => {
    fakeK8s.setWatch(resource, result);
    version += 1;
    for (const listener of listeners) listener();
  });
}

/** Renders `page` at `path` (opened at `url`); returns the router to read its location. */
export function renderLivePage(
  path: string,
  page: ComponentType,
  url: string = path,
): ReturnType<typeof createMemoryRouter> {
  const router = createMemoryRouter([{ path, element: <Live page={page} /> }], {
    initialEntries: [url],
  });
  render(<RouterProvider router={router} />);
  return router;
}
