import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { stubBrowserForCodeMirror } from '../yaml/codemirror-jsdom.ts';
import { makeLauncherPod } from '../workloads/workload-fixtures.ts';
import { fakeVmK8s } from './fake-vm-k8s.ts';
import { VirtualMachineDetailsPage } from './VirtualMachineDetailsPage.tsx';
import { eventFixture } from '../events/event-fixtures.ts';
import type { KubeEvent } from './vm-events.ts';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';

vi.mock('../k8s/index.ts', async () => (await import('./fake-vm-k8s.ts')).fakeVmK8sModule);

function event(name: string, kind: string, object: string, at: string): KubeEvent {
  return eventFixture({ name, kind, object, at });
}

function seed(): void {
  fakeK8s.setWatch('virtualmachines', [
    [
      vmFixture({
        name: 'vm-c',
        status: 'Running',
        ready: true,
        devices: { disks: [{ name: 'rootdisk', disk: {} }] },
        volumes: [{ name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora' } }],
        conditions: [{ type: 'Ready', status: 'True' }],
      }),
      vmFixture({ name: 'other' }),
    ],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('virtualmachineinstances', [
    [vmiFixture({ name: 'vm-c', node: 'node-1', ip: '10.0.0.9' })],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('pods', [
    [
      makeLauncherPod({
        name: 'virt-launcher-vm-c-abcde',
        namespace: 'apps',
        vm: 'vm-c',
        vmiUid: 'vmi-uid-vm-c',
      }),
    ],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('events', [
    [
      event('e1', 'VirtualMachine', 'vm-c', '2025-01-01T00:00:01Z'),
      event('e2', 'VirtualMachineInstance', 'vm-c', '2025-01-01T00:00:03Z'),
      event('e3', 'Pod', 'vm-c', '2025-01-01T00:00:04Z'),
      event('e4', 'VirtualMachine', 'other', '2025-01-01T00:00:05Z'),
      event('e5', 'VirtualMachine', 'vm-c', '2025-01-01T00:00:02Z'),
    ],
    true,
    undefined,
  ]);
}

function renderPage(url = '/vms/apps/vm-c') {
  const router = createMemoryRouter(
    [
      { path: '/vms/:namespace/:name', element: <VirtualMachineDetailsPage /> },
      { path: '/workloads', element: <p>workloads</p> },
    ],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

beforeEach(() => {
  stubBrowserForCodeMirror();
  fakeVmK8s.reset();
  seed();
});
afterEach(cleanup);

describe('VirtualMachineDetailsPage', () => {
  it('shows the overview: status, node, IP, launcher pod link, run strategy, CPU and memory', () => {
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'vm-c' })).toBeDefined();
    expect(screen.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    const details = screen.getByRole('region', { name: 'Details' });
    for (const text of ['Running', 'node-1', '10.0.0.9', 'Manual', '2 vCPU', '2Gi'])
      expect(within(details).getByText(text)).toBeDefined();
    expect(
      screen.getByRole('link', { name: 'virt-launcher-vm-c-abcde' }).getAttribute('href'),
    ).toBe('/pods/apps/virt-launcher-vm-c-abcde');
  });

  it('switches tabs and keeps the tab in the URL', async () => {
    const router = renderPage();
    await userEvent.click(screen.getByRole('tab', { name: 'YAML' }));
    expect(router.state.location.search).toBe('?tab=yaml');
    const editor = await screen.findByRole('textbox', { name: 'YAML of VirtualMachine vm-c' });
    await waitFor(() => {
      expect(editor.textContent).toContain('name: vm-c');
    });
    await userEvent.click(screen.getByRole('tab', { name: 'Overview' }));
    expect(router.state.location.search).toBe('');
    expect(screen.getByRole('region', { name: 'Details' })).toBeDefined();
  });

  it('offers the tabs in order, Disks, Network and Diagnostics after the first four', () => {
    renderPage();
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual([
      'Overview',
      'Console',
      'Events',
      'YAML',
      'Disks',
      'Network',
      'Diagnostics',
    ]);
  });

  it.each([
    ['disks', 'Disks', 'Disks and volumes'],
    ['network', 'Network', 'Network interfaces'],
    ['diagnostics', 'Diagnostics', 'Conditions'],
  ])('opens ?tab=%s on the %s tab', (key, title, table) => {
    renderPage(`/vms/apps/vm-c?tab=${key}`);
    expect(screen.getByRole('tab', { name: title }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('grid', { name: table })).toBeDefined();
  });

  it('opens the tab named in the URL: live events of the VM and its VMI, newest first', () => {
    renderPage('/vms/apps/vm-c?tab=events');
    expect(screen.getByRole('tab', { name: 'Events' }).getAttribute('aria-selected')).toBe('true');
    const table = screen.getByRole('grid', { name: 'Events' });
    const reasons = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell')[2]?.textContent);
    expect(reasons).toEqual(['Reason-e2', 'Reason-e5', 'Reason-e1']);
  });

  it('offers the actions in the header, disabled with a reason when they do not apply', async () => {
    renderPage();
    const stop = screen.getByRole('button', { name: 'Stop' });
    await vi.waitFor(() => {
      expect(stop.getAttribute('aria-disabled')).toBeNull();
    });
    expect(screen.getByRole('button', { name: 'Start' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
    await userEvent.click(stop);
    expect(fakeVmK8s.k8sSubresource).toHaveBeenCalledExactlyOnceWith(
      'PUT',
      '/apis/subresources.kubevirt.io/v1/namespaces/apps/virtualmachines/vm-c/stop',
      undefined,
    );
  });

  it('says so when the VM does not exist', () => {
    renderPage('/vms/apps/missing');
    expect(screen.getByText('Virtual machine missing not found')).toBeDefined();
  });
});
