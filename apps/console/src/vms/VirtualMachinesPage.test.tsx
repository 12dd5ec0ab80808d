import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { KubeError } from '../k8s/kube-error.ts';
import { fakeVmK8s } from './fake-vm-k8s.ts';
import { VirtualMachinesPage } from './VirtualMachinesPage.tsx';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';

vi.mock('../k8s/index.ts', async () => (await import('./fake-vm-k8s.ts')).fakeVmK8sModule);

const subresources = '/apis/subresources.kubevirt.io/v1/namespaces/apps';

function seed(): void {
  fakeK8s.setWatch('virtualmachines', [
    [
      vmFixture({ name: 'vm-a', status: 'Stopped' }),
      vmFixture({ name: 'vm-b', status: 'Stopped' }),
      vmFixture({ name: 'vm-c', status: 'Running', ready: true }),
    ],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('virtualmachineinstances', [
    [vmiFixture({ name: 'vm-c', node: 'node-1', ip: '10.0.0.9' })],
    true,
    undefined,
  ]);
}

function renderPage(url = '/vms') {
  const router = createMemoryRouter(
    [
      { path: '/vms', element: <VirtualMachinesPage /> },
      { path: '/vms/:namespace/:name', element: <p>details</p> },
    ],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

function shownNames(): string[] {
  const table = screen.getByRole('grid', { name: 'Virtual machines' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getByRole('link').textContent);
}

async function select(...names: string[]): Promise<void> {
  for (const name of names)
    await userEvent.click(screen.getByRole('checkbox', { name: `Select ${name}` }));
}

beforeEach(() => {
  fakeVmK8s.reset();
  seed();
});
afterEach(cleanup);

describe('VirtualMachinesPage', () => {
  it("lists the VMs with KubeVirt's columns, the VMI's node and IP, and the template's CPU and memory", () => {
    renderPage();
    expect(shownNames()).toEqual(['vm-a', 'vm-b', 'vm-c']);
    const row = screen.getByRole('row', { name: /vm-c/ });
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells.slice(1, 10)).toEqual([
      'vm-c',
      'apps',
      'Running',
      'True',
      'node-1',
      '10.0.0.9',
      '2 vCPU',
      '2Gi',
      expect.stringMatching(/^\d+d$/),
    ]);
    expect(within(row).getByRole('link', { name: 'vm-c' }).getAttribute('href')).toBe(
      '/vms/apps/vm-c',
    );
  });

  it('filters by name and status, keeping the filters in the URL', async () => {
    const router = renderPage();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Stopped');
    expect(shownNames()).toEqual(['vm-a', 'vm-b']);
    await userEvent.type(screen.getByRole('textbox', { name: 'Search by name' }), 'B');
    expect(shownNames()).toEqual(['vm-b']);
    expect(screen.getByRole('status').textContent).toBe('1 of 3 virtual machines');
    expect(router.state.location.search).toBe('?status=Stopped&q=B');
  });

  it('starts from the filters and the namespace in the URL', () => {
    renderPage('/vms?ns=apps&q=vm-c');
    expect(shownNames()).toEqual(['vm-c']);
    expect(fakeK8s.watched.map((watch) => watch.namespace)).toContain('apps');
  });

  it('starts every selected VM through its start subresource', async () => {
    renderPage();
    await select('vm-a', 'vm-b');
    await userEvent.click(await screen.findByRole('button', { name: 'Start' }));
    expect(fakeVmK8s.k8sSubresource.mock.calls).toEqual([
      ['PUT', `${subresources}/virtualmachines/vm-a/start`, undefined],
      ['PUT', `${subresources}/virtualmachines/vm-b/start`, undefined],
    ]);
  });

  it('runs a bulk action only on the selected VMs it applies to', async () => {
    renderPage();
    await select('vm-a', 'vm-c');
    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(fakeVmK8s.k8sSubresource.mock.calls).toEqual([
      ['PUT', `${subresources}/virtualmachineinstances/vm-c/pause`, undefined],
    ]);
  });

  it('disables the bulk actions until VMs are selected, and says so', async () => {
    renderPage();
    const stop = screen.getByRole('button', { name: 'Stop' });
    expect(stop.getAttribute('aria-disabled')).toBe('true');
    await userEvent.hover(stop);
    expect((await screen.findByRole('tooltip')).textContent).toBe(
      'Select one or more virtual machines',
    );
  });

  it('disables an action the user may not perform, with the reason, and never runs it', async () => {
    fakeVmK8s.checkAccess.mockImplementation((attributes) =>
      Promise.resolve(
        attributes.subresource === 'start'
          ? { allowed: false, reason: 'RBAC: access denied' }
          : { allowed: true },
      ),
    );
    renderPage();
    await select('vm-a');
    const start = screen.getByRole('button', { name: 'Start' });
    await vi.waitFor(() => {
      expect(
        screen.getByRole('button', { name: 'Delete' }).getAttribute('aria-disabled'),
      ).toBeNull();
    });
    expect(start.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(start);
    expect(fakeVmK8s.k8sSubresource).not.toHaveBeenCalled();
    await userEvent.hover(start);
    expect((await screen.findByRole('tooltip')).textContent).toBe(
      'You may not update virtualmachines/start in namespace apps: RBAC: access denied',
    );
    expect(fakeVmK8s.checkAccess).toHaveBeenCalledWith({
      group: 'subresources.kubevirt.io',
      resource: 'virtualmachines',
      subresource: 'start',
      verb: 'update',
      namespace: 'apps',
    });
  });

  it("shows the server's message when an action fails", async () => {
    fakeVmK8s.k8sSubresource.mockRejectedValue(
      new KubeError({ code: 409, reason: 'Conflict', message: 'VM is already running' }),
    );
    renderPage();
    await select('vm-a');
    await userEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(await screen.findByText('Could not start vm-a')).toBeDefined();
    expect(screen.getByText('VM is already running')).toBeDefined();
  });

  it('offers the same actions per row, disabled with a reason where they do not apply', async () => {
    renderPage();
    await userEvent.click(screen.getByRole('button', { name: 'Actions for vm-c' }));
    const start = await screen.findByRole('menuitem', { name: 'Start' });
    await vi.waitFor(() => {
      expect(screen.getByRole('menuitem', { name: 'Stop' }).getAttribute('aria-disabled')).not.toBe(
        'true',
      );
    });
    expect(start.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(screen.getByRole('menuitem', { name: 'Restart' }));
    expect(fakeVmK8s.k8sSubresource).toHaveBeenCalledExactlyOnceWith(
      'PUT',
      `${subresources}/virtualmachines/vm-c/restart`,
      undefined,
    );
  });

  it('deletes the selected VMs after confirming', async () => {
    renderPage();
    await select('vm-a', 'vm-b');
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: /Delete 2 virtual machines\?/ });
    expect(fakeVmK8s.k8sDelete).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(fakeVmK8s.k8sDelete.mock.calls.map(([locator]) => locator)).toEqual([
      expect.objectContaining({ resource: 'virtualmachines', namespace: 'apps', name: 'vm-a' }),
      expect.objectContaining({ resource: 'virtualmachines', namespace: 'apps', name: 'vm-b' }),
    ]);
  });

  it("shows the server's message when the list fails", () => {
    fakeK8s.setWatch('virtualmachines', [
      [],
      false,
      new KubeError({ code: 403, reason: 'Forbidden', message: 'cannot list virtualmachines' }),
    ]);
    renderPage();
    expect(screen.getByText('Could not load virtual machines')).toBeDefined();
    expect(screen.getByText('cannot list virtualmachines')).toBeDefined();
  });
});
