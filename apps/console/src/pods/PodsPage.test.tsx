import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { KubeError } from '../k8s/kube-error.ts';
import { fakeVmK8s } from '../vms/fake-vm-k8s.ts';
import { launcherPodFixture, podFixture } from './pod-fixtures.ts';
import { PodsPage } from './PodsPage.tsx';

vi.mock('../k8s/index.ts', async () => (await import('../vms/fake-vm-k8s.ts')).fakeVmK8sModule);

function seed(): void {
  fakeK8s.setWatch('pods', [
    [
      podFixture({ name: 'web-1', node: 'n1', ip: '10.0.0.5' }),
      podFixture({ name: 'db-1', namespace: 'locked', phase: 'Pending', statuses: [] }),
      launcherPodFixture('virt-launcher-vm-a-x', 'vm-a'),
    ],
    true,
    undefined,
  ]);
}

function renderPage(url = '/pods') {
  const router = createMemoryRouter(
    [
      { path: '/pods', element: <PodsPage /> },
      { path: '/pods/:namespace/:name', element: <p>pod details</p> },
      { path: '/vms/:namespace/:name', element: <p>vm details</p> },
    ],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

function shownNames(): string[] {
  return within(screen.getByRole('grid', { name: 'Pods' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('link')[0]?.textContent ?? '');
}

async function openMenu(name: string): Promise<void> {
  await userEvent.click(screen.getByRole('button', { name: `Actions for ${name}` }));
}

beforeEach(() => {
  fakeVmK8s.reset();
  fakeVmK8s.checkAccess.mockImplementation((attributes) =>
    Promise.resolve(
      attributes.namespace === 'locked'
        ? { allowed: false, reason: 'no RBAC policy matched' }
        : { allowed: true },
    ),
  );
  seed();
});
afterEach(cleanup);

describe('PodsPage', () => {
  it("shows kubectl's columns for each pod", () => {
    renderPage();
    const header = within(screen.getByRole('grid', { name: 'Pods' })).getAllByRole('columnheader');
    expect(header.map((cell) => cell.textContent)).toEqual([
      'Name',
      'Namespace',
      'Status',
      'Ready',
      'Restarts',
      'Node',
      'IP',
      'Age',
      'Actions',
    ]);
    const cells = within(screen.getByRole('row', { name: /web-1/ }))
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells.slice(0, 7)).toEqual(['web-1', 'apps', 'Running', '1/1', '0', 'n1', '10.0.0.5']);
    expect(fakeK8s.watched.at(-1)).toMatchObject({
      groupVersionResource: { group: '', version: 'v1', resource: 'pods' },
      isList: true,
    });
  });

  it('watches the namespace chosen in ?ns=', () => {
    renderPage('/pods?ns=apps');
    expect(fakeK8s.watched.at(-1)?.namespace).toBe('apps');
  });

  it('links each name to its details page and a launcher pod to its VM', () => {
    renderPage();
    expect(screen.getByRole('link', { name: 'web-1' }).getAttribute('href')).toBe(
      '/pods/apps/web-1',
    );
    expect(screen.getByRole('link', { name: 'VM vm-a' }).getAttribute('href')).toBe(
      '/vms/apps/vm-a',
    );
    expect(screen.queryByRole('link', { name: /VirtualMachine web/ })).toBeNull();
  });

  it('searches by name and keeps the text in the URL', async () => {
    const router = renderPage();
    await userEvent.type(screen.getByRole('textbox', { name: 'Search by name' }), 'WEB');
    expect(shownNames()).toEqual(['web-1']);
    expect(router.state.location.search).toBe('?q=WEB');
  });

  it('says when nothing matches the search', () => {
    renderPage('/pods?q=nothing');
    expect(screen.getByRole('heading', { name: 'No pods match the filter' })).toBeDefined();
  });

  it("shows the server's message when the pods cannot be listed", () => {
    fakeK8s.setWatch('pods', [
      [],
      false,
      new KubeError({ code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "alice"' }),
    ]);
    renderPage();
    expect(screen.getByText('pods is forbidden: User "alice"')).toBeDefined();
  });

  it('opens the logs tab from "View logs"', async () => {
    const router = renderPage();
    await openMenu('web-1');
    await userEvent.click(screen.getByRole('menuitem', { name: 'View logs' }));
    expect(router.state.location.pathname).toBe('/pods/apps/web-1');
    expect(router.state.location.search).toBe('?tab=logs');
  });

  it('disables Delete where the access review refuses it', async () => {
    renderPage();
    await openMenu('db-1');
    await waitFor(() => {
      expect(screen.getByRole('menuitem', { name: 'Delete' }).getAttribute('aria-disabled')).toBe(
        'true',
      );
    });
    expect(fakeVmK8s.checkAccess).toHaveBeenCalledWith({
      group: '',
      resource: 'pods',
      verb: 'delete',
      namespace: 'locked',
    });
    await userEvent.click(screen.getByRole('menuitem', { name: 'Delete' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fakeVmK8s.k8sDelete).not.toHaveBeenCalled();
  });

  it('deletes a pod after confirmation', async () => {
    renderPage();
    await openMenu('web-1');
    const item = screen.getByRole('menuitem', { name: 'Delete' });
    await waitFor(() => {
      expect(item.getAttribute('aria-disabled')).not.toBe('true');
    });
    await userEvent.click(item);
    const dialog = await screen.findByRole('dialog', { name: /Delete pod\?/ });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(fakeVmK8s.k8sDelete).toHaveBeenCalledWith(
      { group: '', version: 'v1', resource: 'pods', namespace: 'apps', name: 'web-1' },
      undefined,
    );
  });

  it("shows the server's message when a delete fails", async () => {
    fakeVmK8s.k8sDelete.mockRejectedValue(
      new KubeError({ code: 409, reason: 'Conflict', message: 'the object has been modified' }),
    );
    renderPage();
    await openMenu('web-1');
    const item = screen.getByRole('menuitem', { name: 'Delete' });
    await waitFor(() => {
      expect(item.getAttribute('aria-disabled')).not.toBe('true');
    });
    await userEvent.click(item);
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }),
    );
    expect(await screen.findByText('the object has been modified')).toBeDefined();
    expect(screen.getByText('Could not delete web-1')).toBeDefined();
  });
});
