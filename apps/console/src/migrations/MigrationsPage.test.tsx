import { act, cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { KubeError } from '../k8s/kube-error.ts';
import { pushWatch, renderLivePage } from '../overview/render-live-page.tsx';
import { tableColumnTexts } from '../shared/table-text.ts';
import { makeMigration, succeededMigration } from './migration-fixtures.ts';
import { MigrationsPage } from './MigrationsPage.tsx';

vi.mock('../k8s/index.ts', async () => (await import('../app/fake-k8s.ts')).fakeK8sModule);

const done = succeededMigration;
const running = makeMigration({
  name: 'mig-running',
  vmi: 'vm-db',
  namespace: 'data',
  phase: 'Running',
  from: 'node-b',
  to: 'node-c',
  started: '2025-01-01T00:09:00Z',
  created: '2025-01-01T00:09:00Z',
});

const renderMigrations = (url = '/migrations') =>
  renderLivePage('/migrations', MigrationsPage, url);

const names = () => tableColumnTexts('Migrations', 0);

beforeEach(() => {
  fakeK8s.reset();
  fakeK8s.setWatch('virtualmachineinstancemigrations', [[done, running], true, undefined]);
});
afterEach(cleanup);

describe('MigrationsPage', () => {
  it('lists the newest migration first, with its VMI linked to the VM page and its nodes', () => {
    renderMigrations();
    expect(names()).toEqual(['mig-running', 'mig-done']);
    expect(screen.getByRole('link', { name: 'vm-web' }).getAttribute('href')).toBe(
      '/vms/apps/vm-web',
    );
    expect(screen.getByLabelText('from node-a to node-b').textContent).toBe('node-a → node-b');
    expect(screen.getByText(/\(took 42s\)/)).toBeDefined();
  });

  it('shows how long a running migration has run, ticking', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      vi.setSystemTime(Date.parse('2025-01-01T00:09:30Z'));
      renderMigrations();
      expect(screen.getByText('running for 30s')).toBeDefined();
      act(() => {
        vi.advanceTimersByTime(5_000);
      });
      expect(screen.getByText('running for 35s')).toBeDefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('updates live when a migration changes phase', () => {
    renderMigrations();
    pushWatch('virtualmachineinstancemigrations', [
      [done, { ...running, status: { ...running.status, phase: 'Failed' } }],
      true,
      undefined,
    ]);
    const row = screen.getByRole('row', { name: /mig-running/ });
    expect(within(row).getByText('Failed')).toBeDefined();
  });

  it('searches by VMI and node, and sorts by a column', async () => {
    const router = renderMigrations('/migrations?ns=data');
    expect(fakeK8s.watched[0]?.namespace).toBe('data');
    await userEvent.type(screen.getByRole('textbox', { name: 'Search migrations' }), 'vm-web');
    expect(names()).toEqual(['mig-done']);
    await userEvent.clear(screen.getByRole('textbox', { name: 'Search migrations' }));
    await userEvent.click(screen.getByRole('button', { name: 'Name' }));
    expect(names()).toEqual(['mig-done', 'mig-running']);
    expect(router.state.location.search).toBe('?ns=data&sort=name&dir=asc');
  });

  it('explains migrations when there are none', () => {
    fakeK8s.setWatch('virtualmachineinstancemigrations', [[], true, undefined]);
    renderMigrations();
    expect(screen.getByRole('heading', { name: 'No migrations' })).toBeDefined();
    expect(
      screen.getByText(/choose Migrate in the actions of a running virtual machine/),
    ).toBeDefined();
  });

  it("shows the server's message when migrations cannot be listed, and a skeleton while loading", () => {
    const failure = new KubeError({ code: 500, reason: 'InternalError', message: 'etcd is sad' });
    fakeK8s.setWatch('virtualmachineinstancemigrations', [[], false, undefined]);
    renderMigrations();
    expect(screen.getByText('Loading migrations')).toBeDefined();
    pushWatch('virtualmachineinstancemigrations', [[], false, failure]);
    expect(screen.getByText('Could not load migrations')).toBeDefined();
    expect(screen.getByText('etcd is sad')).toBeDefined();
  });
});
