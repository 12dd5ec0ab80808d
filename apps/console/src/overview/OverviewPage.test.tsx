import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { KubeError } from '../k8s/kube-error.ts';
import { makeNode } from '../nodes/node-fixtures.ts';
import type { KubeEvent } from '../vms/vm-events.ts';
import { makePod, makeVm } from '../workloads/workload-fixtures.ts';
import { OverviewPage } from './OverviewPage.tsx';
import { pushWatch, renderLivePage } from './render-live-page.tsx';

vi.mock('../k8s/index.ts', async () => (await import('../app/fake-k8s.ts')).fakeK8sModule);

function warning(name: string, minute: number, object = 'vm-db'): KubeEvent {
  return {
    metadata: { name, namespace: 'apps', uid: `uid-${name}` },
    involvedObject: { kind: 'VirtualMachineInstance', name: object, namespace: 'apps' },
    type: 'Warning',
    reason: `Reason${String(minute)}`,
    message: `message of ${name}`,
    lastTimestamp: `2025-01-01T00:${String(minute).padStart(2, '0')}:00Z`,
  };
}

function seed(): void {
  fakeK8s.setWatch('nodes', [
    [makeNode({ name: 'n1', cpu: '4', memory: '8Gi' }), makeNode({ name: 'n2', ready: 'False' })],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('virtualmachines', [
    [
      makeVm({ name: 'a', namespace: 'apps', status: 'Running' }),
      makeVm({ name: 'b', namespace: 'apps', status: 'Stopped' }),
      makeVm({ name: 'c', namespace: 'apps', status: 'ErrorUnschedulable' }),
    ],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('pods', [
    [makePod({ name: 'p1' }), makePod({ name: 'p2', phase: 'Pending' })],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('events', [[warning('w1', 1), warning('w2', 2, 'vm-web')], true, undefined]);
}

const card = (name: string) => screen.getByRole('region', { name });
const renderOverview = (url = '/overview') => renderLivePage('/overview', OverviewPage, url);

beforeEach(() => {
  fakeK8s.reset();
  seed();
});
afterEach(cleanup);

describe('OverviewPage', () => {
  it('counts nodes by readiness and sums their allocatable CPU and memory', () => {
    renderOverview();
    const nodes = within(card('Nodes'));
    expect(nodes.getByRole('link', { name: '2 nodes' }).getAttribute('href')).toBe('/nodes');
    expect(nodes.getByLabelText('1 Ready nodes').textContent).toBe('1');
    expect(nodes.getByLabelText('1 NotReady nodes').textContent).toBe('1');
    expect(nodes.getByText('Allocatable: 8 cores CPU, 16 GiB memory')).toBeDefined();
  });

  it('counts VMs by printable status, each count linking the VM list filtered by it', () => {
    renderOverview('/overview?ns=apps');
    const vms = within(card('Virtual machines'));
    const running = vms.getByRole('link', { name: '1 Running virtual machines' });
    expect(running.getAttribute('href')).toBe('/vms?ns=apps&status=Running');
    expect(vms.getByRole('link', { name: '0 Paused virtual machines' })).toBeDefined();
    expect(
      vms.getByRole('link', { name: '1 ErrorUnschedulable virtual machines' }).getAttribute('href'),
    ).toBe('/vms?ns=apps&status=ErrorUnschedulable');
  });

  it('counts pods by phase, linking the Workloads table narrowed to pods', () => {
    renderOverview();
    const pods = within(card('Pods'));
    expect(pods.getByRole('link', { name: '1 Pending pods' }).getAttribute('href')).toBe(
      '/workloads?kind=Pod',
    );
    expect(pods.getByRole('link', { name: '0 Succeeded pods' })).toBeDefined();
  });

  it('watches in the masthead namespace, and nodes cluster-wide', () => {
    renderOverview('/overview?ns=apps');
    const namespaces = Object.fromEntries(
      fakeK8s.watched.map((watch) => [watch.groupVersionResource.resource, watch.namespace]),
    );
    expect(namespaces).toEqual({
      nodes: undefined,
      virtualmachines: 'apps',
      pods: 'apps',
      events: 'apps',
    });
    expect(fakeK8s.watched.find((watch) => watch.fieldSelector !== undefined)?.fieldSelector).toBe(
      'type=Warning',
    );
  });

  it('updates the counts live when a watch event arrives', () => {
    renderOverview();
    expect(screen.getByRole('link', { name: '1 Running virtual machines' })).toBeDefined();
    pushWatch('virtualmachines', [
      [
        makeVm({ name: 'a', namespace: 'apps', status: 'Running' }),
        makeVm({ name: 'b', namespace: 'apps', status: 'Running' }),
      ],
      true,
      undefined,
    ]);
    expect(screen.getByRole('link', { name: '2 Running virtual machines' })).toBeDefined();
    expect(screen.getByRole('link', { name: '0 Stopped virtual machines' })).toBeDefined();
    pushWatch('nodes', [[makeNode({ name: 'n1' })], true, undefined]);
    expect(within(card('Nodes')).getByLabelText('0 NotReady nodes')).toBeDefined();
  });

  it('lists the newest warnings first, at most ten, each object linked to its page', () => {
    const many = Array.from({ length: 12 }, (_, i) => warning(`w${String(i)}`, i));
    fakeK8s.setWatch('events', [many, true, undefined]);
    renderOverview();
    const table = screen.getByRole('grid', { name: 'Recent warning events' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(10);
    expect(within(rows[0] ?? table).getByText('Reason11')).toBeDefined();
    expect(within(table).queryByText('Reason1')).toBeNull();
    const link = within(rows[0] ?? table).getByRole('link', {
      name: 'VirtualMachineInstance/vm-db',
    });
    expect(link.getAttribute('href')).toBe('/vms/apps/vm-db');
    expect(screen.getByRole('link', { name: 'View all events' }).getAttribute('href')).toBe(
      '/events?type=Warning',
    );
  });

  it('shows "You may not list nodes" in the Nodes card and the other cards still work', () => {
    const forbidden = new KubeError({
      code: 403,
      reason: 'Forbidden',
      message:
        'nodes is forbidden: User "viewer" cannot list resource "nodes" at the cluster scope',
    });
    fakeK8s.setWatch('nodes', [[], false, forbidden]);
    renderOverview();
    const nodes = within(card('Nodes'));
    expect(nodes.getByText('You may not list nodes')).toBeDefined();
    expect(nodes.getByText(forbidden.message)).toBeDefined();
    expect(screen.getByRole('link', { name: '1 Running virtual machines' })).toBeDefined();
    expect(screen.getByRole('grid', { name: 'Recent warning events' })).toBeDefined();
  });

  it('shows skeletons while loading and says when there is nothing', () => {
    fakeK8s.reset();
    fakeK8s.setWatch('nodes', [[], false, undefined]);
    renderOverview();
    expect(within(card('Nodes')).getByText('Loading nodes')).toBeDefined();
    expect(
      within(card('Virtual machines')).getByText('No virtual machines here yet.'),
    ).toBeDefined();
    expect(within(card('Pods')).getByText('No pods here yet.')).toBeDefined();
    expect(within(card('Recent warning events')).getByText('No warning events.')).toBeDefined();
  });
});
