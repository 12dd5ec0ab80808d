import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.tsx';
import { fakeK8s } from './fake-k8s.ts';
import { routes } from './routes.tsx';

vi.mock('../k8s/index.ts', async () => (await import('./fake-k8s.ts')).fakeK8sModule);

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(<App router={router} />);
  return router;
}

/** jsdom has no layout, so the page counts as narrow: open the sidebar as a phone user would. */
async function openSidebar(): Promise<HTMLElement> {
  await userEvent.click(screen.getByRole('button', { name: 'Navigation' }));
  return screen.getByRole('navigation', { name: 'Main' });
}

beforeEach(() => {
  fakeK8s.reset();
});
afterEach(cleanup);

describe('App and its route table', () => {
  it('shows the product name in the masthead', async () => {
    renderAt('/workloads');
    expect(await screen.findByRole('link', { name: 'Podvisor' })).toBeDefined();
  });

  it('redirects / to the Overview, keeping the chosen namespace', async () => {
    const router = renderAt('/?ns=apps');
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/overview');
    expect(router.state.location.search).toBe('?ns=apps');
  });

  it('shows the Workloads page at /workloads, marked current in the sidebar', async () => {
    renderAt('/workloads');
    expect(await screen.findByRole('heading', { level: 1, name: 'Workloads' })).toBeDefined();
    const nav = await openSidebar();
    expect(nav.querySelector('a[aria-current="page"]')?.textContent).toBe('Workloads');
  });

  it.each(['/nope', '/workloads/extra/deep', '/no-such-page'])(
    'shows "page not found" with a link home at %s',
    async (path) => {
      const router = renderAt(path);
      expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeDefined();
      await userEvent.click(screen.getByRole('link', { name: 'Go to the home page' }));
      expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeDefined();
      expect(router.state.location.pathname).toBe('/overview');
    },
  );

  it('gives every page route its own error boundary', () => {
    const pages = routes[0]?.children?.filter(
      (route) => route.path !== undefined && route.path !== '*',
    );
    expect(pages?.length).toBeGreaterThan(0);
    for (const page of pages ?? []) expect(page.errorElement).toBeDefined();
  });

  it('shows the pop-out console without the masthead and sidebar', async () => {
    renderAt('/vms/apps/tiny/console');
    expect(await screen.findByRole('heading', { level: 1, name: 'tiny (apps)' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Podvisor' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Navigation' })).toBeNull();
  });

  it('keeps the namespace in the sidebar links', async () => {
    renderAt('/nope?ns=apps');
    await screen.findByRole('heading', { name: 'Page not found' });
    await openSidebar();
    expect(screen.getByRole('link', { name: 'Workloads' }).getAttribute('href')).toBe(
      '/workloads?ns=apps',
    );
  });
});
