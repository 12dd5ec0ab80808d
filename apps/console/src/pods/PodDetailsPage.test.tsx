import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { stubBrowserForCodeMirror } from '../yaml/codemirror-jsdom.ts';
import { fakeVmK8s } from '../vms/fake-vm-k8s.ts';
import { eventFixture } from '../events/event-fixtures.ts';
import type { KubeEvent } from '../vms/vm-events.ts';
import { installFakeLogFetch } from './fake-log-fetch.ts';
import { launcherPodFixture, podFixture } from './pod-fixtures.ts';
import { PodDetailsPage } from './PodDetailsPage.tsx';

vi.mock('../k8s/index.ts', async () => (await import('../vms/fake-vm-k8s.ts')).fakeVmK8sModule);

function event(name: string, object: string, at: string, kind = 'Pod'): KubeEvent {
  return eventFixture({ name, kind, object, at, count: 2 });
}

const web = podFixture({
  name: 'web-1',
  node: 'n1',
  ip: '10.0.0.5',
  labels: { app: 'web' },
  initContainers: [{ name: 'setup', image: 'busybox' }],
  containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
  initStatuses: [{ name: 'setup', state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
  statuses: [{ name: 'web', ready: true, restartCount: 1, state: { running: {} } }],
});

function seed(): void {
  const withConditions = {
    ...web,
    status: {
      ...web.status,
      qosClass: 'BestEffort',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:05Z' }],
    },
  };
  fakeK8s.setWatch('pods', [
    [withConditions, launcherPodFixture('virt-launcher-vm-a-x', 'vm-a')],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('events', [
    [
      event('e1', 'web-1', '2025-01-01T00:00:01Z'),
      event('e2', 'web-1', '2025-01-01T00:00:03Z'),
      event('e3', 'other', '2025-01-01T00:00:04Z'),
    ],
    true,
    undefined,
  ]);
}

function renderPage(url: string) {
  const router = createMemoryRouter(
    [
      { path: '/pods', element: <p>pod list</p> },
      { path: '/pods/:namespace/:name', element: <PodDetailsPage /> },
      { path: '/vms/:namespace/:name', element: <p>vm details</p> },
    ],
    { initialEntries: [url] },
  );
  const view = render(<RouterProvider router={router} />);
  return { router, view };
}

/** The text of the summary's entry `term`. */
function detail(term: string): string | null | undefined {
  const summary = screen.getByLabelText('Pod summary');
  const dt = within(summary).getByText(term, { selector: 'dt, dt *' });
  return dt.closest('.pf-v6-c-description-list__group')?.querySelector('dd')?.textContent;
}

beforeEach(() => {
  stubBrowserForCodeMirror();
  fakeVmK8s.reset();
  seed();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('PodDetailsPage', () => {
  it('shows status, placement, labels, conditions and containers on the Overview tab', () => {
    renderPage('/pods/apps/web-1');
    expect(screen.getByRole('heading', { name: 'web-1', level: 1 })).toBeDefined();
    expect(
      ['Status', 'Phase', 'Node', 'Pod IPs', 'QoS class', 'Owner', 'Labels'].map(detail),
    ).toEqual(['Running', 'Running', 'n1', '10.0.0.5', 'BestEffort', '-', 'app=web']);
    const conditions = screen.getByRole('grid', { name: 'Conditions' });
    expect(within(conditions).getByRole('row', { name: /Ready True/ })).toBeDefined();
    const containers = within(screen.getByRole('grid', { name: 'Containers' })).getAllByRole('row');
    expect(
      containers.slice(1).map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      ['setup (init)', 'busybox', 'Terminated: Completed (exit 0)', 'False', '0', '-'],
      ['web', 'nginx:1.27', 'Running', 'True', '1', '80/TCP'],
    ]);
  });

  it('links a launcher pod to its VM as its owner', () => {
    renderPage('/pods/apps/virt-launcher-vm-a-x');
    const details = screen.getByLabelText('Pod summary');
    expect(detail('Owner')).toBe('VirtualMachineInstance vm-a · VirtualMachine vm-a');
    expect(
      within(details).getByRole('link', { name: 'VirtualMachine vm-a' }).getAttribute('href'),
    ).toBe('/vms/apps/vm-a');
  });

  it('keeps the chosen tab in the URL', async () => {
    const { router } = renderPage('/pods/apps/web-1');
    await userEvent.click(screen.getByRole('tab', { name: 'YAML' }));
    expect(router.state.location.search).toBe('?tab=yaml');
    const editor = await screen.findByRole('textbox', { name: 'YAML of Pod web-1' });
    await waitFor(() => {
      expect(editor.textContent).toContain('name: web-1');
    });
  });

  it("shows the pod's events, newest first, watched by field selector", () => {
    renderPage('/pods/apps/web-1?tab=events');
    const rows = within(screen.getByRole('grid', { name: 'Events' })).getAllByRole('row');
    expect(rows.slice(1).map((row) => within(row).getAllByRole('cell')[2]?.textContent)).toEqual([
      'Reason-e2',
      'Reason-e1',
    ]);
    expect(fakeK8s.watched.find((w) => w.groupVersionResource.resource === 'events')).toMatchObject(
      { namespace: 'apps', fieldSelector: 'involvedObject.kind=Pod,involvedObject.name=web-1' },
    );
  });

  it('says so when the pod does not exist', () => {
    renderPage('/pods/apps/gone');
    expect(screen.getByText('Pod gone not found')).toBeDefined();
  });

  it('disables Delete without access, saying why', async () => {
    fakeVmK8s.checkAccess.mockResolvedValue({ allowed: false, reason: 'no RBAC policy matched' });
    renderPage('/pods/apps/web-1');
    const button = screen.getByRole('button', { name: 'Delete' });
    await vi.waitFor(() => {
      expect(button.getAttribute('aria-disabled')).toBe('true');
    });
    await userEvent.click(button);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('returns to the list after deleting the pod', async () => {
    const { router } = renderPage('/pods/apps/web-1');
    const button = screen.getByRole('button', { name: 'Delete' });
    await vi.waitFor(() => {
      expect(button.getAttribute('aria-disabled')).not.toBe('true');
    });
    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: /Delete pod\?/ });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await vi.waitFor(() => {
      expect(router.state.location.pathname).toBe('/pods');
    });
    expect(router.state.location.search).toBe('?ns=apps');
  });
});

describe('PodDetailsPage logs', () => {
  it('streams the default container while following, appending lines as they come', async () => {
    const fake = installFakeLogFetch();
    renderPage('/pods/apps/web-1?tab=logs');
    await vi.waitFor(() => {
      expect(fake.requests).toHaveLength(1);
    });
    const request = fake.requests[0];
    expect(request?.url.pathname).toBe('/api/kubernetes/api/v1/namespaces/apps/pods/web-1/log');
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({
      container: 'web',
      follow: 'true',
      tailLines: '1000',
      timestamps: 'false',
    });
    request?.write('first line\nsecond');
    const log = await screen.findByLabelText('Pod logs');
    await vi.waitFor(() => {
      expect(log.textContent).toBe('first line');
    });
    request?.write(' line\nthird line\n');
    await vi.waitFor(() => {
      expect(log.textContent).toBe('first line\nsecond line\nthird line');
    });
  });

  it('offers init containers and names the guest serial log of a launcher', async () => {
    installFakeLogFetch();
    renderPage('/pods/apps/virt-launcher-vm-a-x?tab=logs');
    const picker = screen.getByRole('combobox', { name: 'Container' });
    const options = within(picker)
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(options).toEqual(['compute', 'guest-console-log (guest serial log)']);
    await userEvent.selectOptions(picker, 'guest-console-log');
    expect(screen.getByText(/guest's serial console output/)).toBeDefined();
  });

  it('switches container: aborts the old stream, reads the new one, keeps it in the URL', async () => {
    const fake = installFakeLogFetch();
    const { router } = renderPage('/pods/apps/web-1?tab=logs');
    await vi.waitFor(() => {
      expect(fake.requests).toHaveLength(1);
    });
    const picker = screen.getByRole('combobox', { name: 'Container' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['web', 'setup']);
    await userEvent.selectOptions(picker, 'setup');
    await vi.waitFor(() => {
      expect(fake.requests).toHaveLength(2);
    });
    expect(fake.requests[0]?.signal.aborted).toBe(true);
    expect(fake.requests[1]?.url.searchParams.get('container')).toBe('setup');
    expect(new URLSearchParams(router.state.location.search).get('container')).toBe('setup');
  });

  it('reads the previous run without following when asked', async () => {
    const fake = installFakeLogFetch();
    renderPage('/pods/apps/web-1?tab=logs');
    await userEvent.click(screen.getByRole('switch', { name: 'Follow' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Previous container' }));
    const last = fake.requests.at(-1);
    expect(last?.url.searchParams.get('follow')).toBeNull();
    expect(last?.url.searchParams.get('previous')).toBe('true');
    expect(fake.requests.slice(0, -1).every((request) => request.signal.aborted)).toBe(true);
  });

  it('aborts the stream when the tab goes away', async () => {
    const fake = installFakeLogFetch();
    const { view } = renderPage('/pods/apps/web-1?tab=logs');
    await vi.waitFor(() => {
      expect(fake.requests).toHaveLength(1);
    });
    fake.requests[0]?.open();
    view.unmount();
    expect(fake.requests[0]?.signal.aborted).toBe(true);
  });

  it("shows the server's message when the container has not started", async () => {
    const fake = installFakeLogFetch();
    renderPage('/pods/apps/web-1?tab=logs');
    await vi.waitFor(() => {
      expect(fake.requests).toHaveLength(1);
    });
    fake.requests[0]?.fail(
      400,
      'container "web" in pod "web-1" is waiting to start: ContainerCreating',
    );
    expect(
      await screen.findByText(
        'container "web" in pod "web-1" is waiting to start: ContainerCreating',
      ),
    ).toBeDefined();
    expect(screen.getByText('Could not read the log')).toBeDefined();
  });

  it('toggles line wrapping', async () => {
    const fake = installFakeLogFetch();
    renderPage('/pods/apps/web-1?tab=logs');
    await vi.waitFor(() => {
      expect(fake.requests).toHaveLength(1);
    });
    fake.requests[0]?.write('x\n');
    const log = await screen.findByLabelText('Pod logs');
    expect(log.style.whiteSpace).toBe('pre');
    await userEvent.click(screen.getByRole('switch', { name: 'Wrap lines' }));
    expect(screen.getByLabelText('Pod logs').style.whiteSpace).toBe('pre-wrap');
  });
});
