import { act, cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { KubeError } from '../k8s/kube-error.ts';
import { makeLauncherPod, makePod, makeVm, makeVmi } from './workload-fixtures.ts';
import { WorkloadsPage } from './WorkloadsPage.tsx';

vi.mock('../k8s/index.ts', async () => (await import('../app/fake-k8s.ts')).fakeK8sModule);

// jsdom has no layout: give every scroll container a 600 px viewport for the virtualizer.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 600,
  });
});
afterAll(() => {
  Reflect.deleteProperty(HTMLElement.prototype, 'clientHeight');
  if (clientHeight !== undefined)
    Object.defineProperty(Element.prototype, 'clientHeight', clientHeight);
});

function seed(): void {
  fakeK8s.setWatch('pods', [
    [
      makePod({
        name: 'web-1',
        namespace: 'apps',
        labels: { app: 'web' },
        node: 'n1',
        ip: '10.0.0.5',
      }),
      makePod({ name: 'db-1', namespace: 'data', phase: 'Pending' }),
      makeLauncherPod({
        name: 'virt-launcher-vm-web-x',
        namespace: 'apps',
        vm: 'vm-web',
        vmiUid: 'u1',
      }),
    ],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('virtualmachines', [
    [
      makeVm({ name: 'vm-web', namespace: 'apps', status: 'Running', labels: { app: 'web' } }),
      makeVm({ name: 'vm-db', namespace: 'data', status: 'Stopped' }),
    ],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('virtualmachineinstances', [
    [makeVmi({ name: 'vm-web', namespace: 'apps', uid: 'u1', node: 'n2', ip: '10.0.0.7' })],
    true,
    undefined,
  ]);
}

function renderPage(url = '/workloads') {
  const router = createMemoryRouter([{ path: '/workloads', element: <WorkloadsPage /> }], {
    initialEntries: [url],
  });
  render(<RouterProvider router={router} />);
  return router;
}

/** The names in the table's data rows, top to bottom. */
function shownNames(): string[] {
  const table = screen.getByRole('grid', { name: 'Workloads' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[1]?.querySelector('span')?.textContent ?? '');
}

beforeEach(() => {
  fakeK8s.reset();
  seed();
});
afterEach(cleanup);

describe('WorkloadsPage', () => {
  it('lists pods and VMs in one table, sorted by namespace then name', () => {
    renderPage();
    expect(shownNames()).toEqual(['virt-launcher-vm-web-x', 'vm-web', 'web-1', 'db-1', 'vm-db']);
    const vmRow = screen.getByRole('row', { name: /^VirtualMachine vm-web / });
    expect(within(vmRow).getByText('VirtualMachine')).toBeDefined();
    expect(within(vmRow).getByText('n2')).toBeDefined();
    expect(within(vmRow).getByText('10.0.0.7')).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('5 workloads');
  });

  it('links a VM to its launcher pod and the launcher pod to its VM', () => {
    renderPage();
    const toPod = screen.getByRole('link', { name: 'launcher pod virt-launcher-vm-web-x' });
    expect(toPod.getAttribute('href')).toBe('/pods/apps/virt-launcher-vm-web-x');
    const toVm = screen.getByRole('link', { name: 'VM vm-web' });
    expect(toVm.getAttribute('href')).toBe('/vms/apps/vm-web');
  });

  it.each([
    ['web-1', '/pods/apps/web-1'],
    ['virt-launcher-vm-web-x', '/pods/apps/virt-launcher-vm-web-x'],
    ['vm-web', '/vms/apps/vm-web'],
    ['vm-db', '/vms/data/vm-db'],
  ])('links the name %s to its details page', (name, href) => {
    renderPage();
    expect(screen.getByRole('link', { name }).getAttribute('href')).toBe(href);
  });

  it('filters by kind', async () => {
    const router = renderPage();
    await userEvent.click(screen.getByRole('button', { name: 'Virtual machines' }));
    expect(shownNames()).toEqual(['vm-web', 'vm-db']);
    expect(router.state.location.search).toBe('?kind=VirtualMachine');
    await userEvent.click(screen.getByRole('button', { name: 'Pods' }));
    expect(shownNames()).toEqual(['virt-launcher-vm-web-x', 'web-1', 'db-1']);
  });

  it('searches by name', async () => {
    renderPage();
    await userEvent.type(screen.getByRole('textbox', { name: 'Search by name' }), 'WEB-');
    expect(shownNames()).toEqual(['virt-launcher-vm-web-x', 'web-1']);
    expect(screen.getByRole('status').textContent).toBe('2 of 5 workloads');
  });

  it('filters by status', async () => {
    renderPage();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Stopped');
    expect(shownNames()).toEqual(['vm-db']);
  });

  it('filters by label selector and names a term it cannot read', async () => {
    renderPage();
    const input = screen.getByRole('textbox', { name: 'Label selector' });
    await userEvent.type(input, 'app=web');
    expect(shownNames()).toEqual(['vm-web', 'web-1']);
    await userEvent.clear(input);
    await userEvent.type(input, 'app=a b');
    expect(screen.getByText('Label selector: "a b" is not a valid label value')).toBeDefined();
  });

  it('starts from the filters in the URL and the namespace from the masthead', () => {
    renderPage('/workloads?ns=apps&kind=Pod&q=web');
    expect(shownNames()).toEqual(['virt-launcher-vm-web-x', 'web-1']);
    expect(fakeK8s.watched.map((watch) => watch.namespace)).toContain('apps');
    expect(screen.getByRole('textbox', { name: 'Search by name' })).toHaveProperty('value', 'web');
  });

  it('sorts by a column when its header is clicked, and reverses on a second click', async () => {
    renderPage();
    await userEvent.click(screen.getByRole('button', { name: 'Name' }));
    expect(shownNames()).toEqual(['db-1', 'virt-launcher-vm-web-x', 'vm-db', 'vm-web', 'web-1']);
    expect(screen.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Name' }));
    expect(shownNames()).toEqual(['web-1', 'vm-web', 'vm-db', 'virt-launcher-vm-web-x', 'db-1']);
  });

  it('shows an empty state, and one with a way out when the filters hide everything', async () => {
    renderPage('/workloads?q=nothing-like-this');
    expect(screen.getByRole('heading', { name: 'No workloads match the filters' })).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Clear all filters' }));
    expect(shownNames()).toHaveLength(5);
    expect(screen.getByRole('textbox', { name: 'Search by name' })).toHaveProperty('value', '');
  });

  it('says there are no workloads when the lists are empty', () => {
    fakeK8s.reset();
    renderPage();
    expect(screen.getByRole('heading', { name: 'No workloads' })).toBeDefined();
  });

  it('shows a loading skeleton until every list has loaded', () => {
    fakeK8s.setWatch('virtualmachines', [[], false, undefined]);
    renderPage();
    expect(screen.getByText('Loading workloads')).toBeDefined();
    expect(screen.queryByText('web-1')).toBeNull();
  });

  it("shows the server's message when a list fails, and the rest of the rows", () => {
    const forbidden = new KubeError({
      code: 403,
      reason: 'Forbidden',
      message:
        'virtualmachines.kubevirt.io is forbidden: User "alice" cannot list resource "virtualmachines"',
    });
    fakeK8s.setWatch('virtualmachines', [[], false, forbidden]);
    renderPage();
    expect(screen.getByText('Could not load virtual machines')).toBeDefined();
    expect(screen.getByText(forbidden.message)).toBeDefined();
    expect(shownNames()).toEqual(['virt-launcher-vm-web-x', 'web-1', 'db-1']);
  });

  it('renders only the rows in view out of 10,000, and others as it scrolls', async () => {
    const pods = Array.from({ length: 10_000 }, (_, i) =>
      makePod({ name: `pod-${String(i).padStart(5, '0')}`, namespace: 'bulk' }),
    );
    fakeK8s.setWatch('pods', [pods, true, undefined]);
    fakeK8s.setWatch('virtualmachines', [[], true, undefined]);
    renderPage();
    const table = screen.getByRole('grid', { name: 'Workloads' });
    expect(table.getAttribute('aria-rowcount')).toBe('10001');
    const first = shownNames();
    expect(first.length).toBeGreaterThan(10);
    expect(first.length).toBeLessThan(60);
    expect(first[0]).toBe('pod-00000');

    const scroller = table.parentElement;
    if (scroller === null) throw new Error('the table has no scroll container');
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 41 * 5_000 });
    scroller.dispatchEvent(new Event('scroll'));
    await vi.waitFor(() => {
      expect(shownNames()).toContain('pod-05005');
    });
    expect(shownNames()).not.toContain('pod-00000');
    expect(shownNames().length).toBeLessThan(60);
  });

  it('shows ages relative to now, and they tick', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      vi.setSystemTime(Date.parse('2025-01-01T00:00:50Z'));
      renderPage('/workloads?q=web-1');
      expect(screen.getByText('50s')).toBeDefined();
      act(() => {
        vi.advanceTimersByTime(30_000);
      });
      expect(screen.getByText('80s')).toBeDefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
