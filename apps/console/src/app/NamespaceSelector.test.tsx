import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KubeError } from '../k8s/kube-error.ts';
import { fakeK8s } from './fake-k8s.ts';
import { NamespaceSelector } from './NamespaceSelector.tsx';

vi.mock('../k8s/index.ts', async () => (await import('./fake-k8s.ts')).fakeK8sModule);

const namespace = (name: string) => ({ metadata: { name } });

function renderAt(url: string) {
  const router = createMemoryRouter([{ path: '/workloads', element: <NamespaceSelector /> }], {
    initialEntries: [url],
  });
  render(<RouterProvider router={router} />);
  return router;
}

beforeEach(() => {
  fakeK8s.reset();
});
afterEach(cleanup);

describe('NamespaceSelector', () => {
  it('offers all namespaces and each listable one, and puts the choice in the URL', async () => {
    fakeK8s.setWatch('namespaces', [
      [namespace('kube-system'), namespace('apps')],
      true,
      undefined,
    ]);
    const router = renderAt('/workloads?kind=Pod');
    await userEvent.click(screen.getByRole('button', { name: 'Namespace: All namespaces' }));
    const options = screen.getAllByRole('option').map((option) => option.textContent);
    expect(options).toEqual(['All namespaces', 'apps', 'kube-system']);
    await userEvent.click(screen.getByRole('option', { name: 'apps' }));
    expect(router.state.location.search).toBe('?kind=Pod&ns=apps');
    expect(screen.getByRole('button', { name: 'Namespace: apps' })).toBeDefined();
  });

  it('goes back to all namespaces', async () => {
    fakeK8s.setWatch('namespaces', [[namespace('apps')], true, undefined]);
    const router = renderAt('/workloads?ns=apps');
    await userEvent.click(screen.getByRole('button', { name: 'Namespace: apps' }));
    await userEvent.click(screen.getByRole('option', { name: 'All namespaces' }));
    expect(router.state.location.search).toBe('');
  });

  it('says why when the user may not list namespaces, and keeps the chosen one', async () => {
    const forbidden = new KubeError({
      code: 403,
      reason: 'Forbidden',
      message: 'namespaces is forbidden: User "bob" cannot list resource "namespaces"',
    });
    fakeK8s.setWatch('namespaces', [[], false, forbidden]);
    renderAt('/workloads?ns=team-b');
    await userEvent.click(screen.getByRole('button', { name: 'Namespace: team-b' }));
    expect(screen.getByRole('option', { name: 'team-b' })).toBeDefined();
    expect(screen.getByText(forbidden.message)).toBeDefined();
  });
});
