import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { KubeError } from '../k8s/kube-error.ts';
import { pushWatch, renderLivePage } from '../overview/render-live-page.tsx';
import { tableColumnTexts } from '../shared/table-text.ts';
import { makePod, makeVmi } from '../workloads/workload-fixtures.ts';
import { makeNode } from './node-fixtures.ts';
import { NodesPage } from './NodesPage.tsx';

vi.mock('../k8s/index.ts', async () => (await import('../app/fake-k8s.ts')).fakeK8sModule);

function seed(): void {
  fakeK8s.setWatch('nodes', [
    [
      makeNode({ name: 'cp-1', roles: ['control-plane'], ip: '10.0.0.1', cpu: '8' }),
      makeNode({ name: 'worker-1', ip: '10.0.0.2', ready: 'False', unschedulable: true }),
    ],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('pods', [
    [makePod({ name: 'a', node: 'cp-1' }), makePod({ name: 'b', node: 'worker-1' })],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('virtualmachineinstances', [
    [makeVmi({ name: 'vm', node: 'cp-1' })],
    true,
    undefined,
  ]);
}

const renderNodes = (url = '/nodes') => renderLivePage('/nodes', NodesPage, url);

/** The cells of the row of node `name`, by column title. */
function rowOf(name: string): Record<string, string> {
  const table = screen.getByRole('grid', { name: 'Nodes' });
  const row = within(table)
    .getAllByRole('row')
    .find((candidate) => within(candidate).queryAllByRole('cell')[0]?.textContent === name);
  if (row === undefined) throw new Error(`no row for node ${name}`);
  return Object.fromEntries(
    within(row)
      .getAllByRole('cell')
      .map((cell) => [cell.getAttribute('data-label') ?? '', cell.textContent]),
  );
}

const names = () => tableColumnTexts('Nodes', 0);

beforeEach(() => {
  fakeK8s.reset();
  seed();
});
afterEach(cleanup);

describe('NodesPage', () => {
  it('shows each node with status, roles, version, IP, capacity, pods and VMs', () => {
    renderNodes();
    expect(rowOf('cp-1')).toMatchObject({
      Status: 'Ready',
      Roles: 'control-plane',
      Version: 'v1.33.0',
      'Internal IP': '10.0.0.1',
      CPU: '8 cores',
      Memory: '8 GiB',
      Pods: '1',
      VMs: '1',
    });
    expect(rowOf('worker-1')).toMatchObject({
      Status: 'NotReadySchedulingDisabled',
      Roles: '<none>',
      Pods: '1',
      VMs: '0',
    });
  });

  it('updates the counts live when a pod is scheduled', () => {
    renderNodes();
    pushWatch('pods', [
      [
        makePod({ name: 'a', node: 'cp-1' }),
        makePod({ name: 'b', node: 'worker-1' }),
        makePod({ name: 'c', node: 'cp-1' }),
      ],
      true,
      undefined,
    ]);
    expect(rowOf('cp-1').Pods).toBe('2');
  });

  it('searches in the URL and sorts by a column', async () => {
    const router = renderNodes();
    await userEvent.type(screen.getByRole('textbox', { name: 'Search nodes' }), 'worker');
    expect(names()).toEqual(['worker-1']);
    expect(router.state.location.search).toBe('?q=worker');
    await userEvent.clear(screen.getByRole('textbox', { name: 'Search nodes' }));
    await userEvent.click(screen.getByRole('button', { name: 'Name' }));
    expect(names()).toEqual(['worker-1', 'cp-1']);
    expect(router.state.location.search).toBe('?sort=name&dir=desc');
    await userEvent.click(screen.getByRole('button', { name: 'CPU' }));
    expect(names()).toEqual(['worker-1', 'cp-1']);
  });

  it('says when a viewer may not list nodes', () => {
    const forbidden = new KubeError({
      code: 403,
      reason: 'Forbidden',
      message: 'nodes is forbidden: User "viewer" cannot list resource "nodes"',
    });
    fakeK8s.setWatch('nodes', [[], false, forbidden]);
    renderNodes();
    expect(screen.getByText('You may not list nodes')).toBeDefined();
    expect(screen.getByText(forbidden.message)).toBeDefined();
  });

  it('shows a dash and a warning when pods cannot be counted', () => {
    const forbidden = new KubeError({ code: 403, reason: 'Forbidden', message: 'no pods for you' });
    fakeK8s.setWatch('pods', [[], false, forbidden]);
    renderNodes('/nodes?ns=apps');
    expect(screen.getByText('Could not count the pods on each node')).toBeDefined();
    expect(rowOf('cp-1').Pods).toBe('-');
    expect(screen.getByText('Pods and VMs are counted in namespace apps.')).toBeDefined();
    expect(fakeK8s.watched.find((w) => w.groupVersionResource.resource === 'pods')?.namespace).toBe(
      'apps',
    );
  });

  it('shows a skeleton while loading and an empty state without nodes', () => {
    fakeK8s.setWatch('nodes', [[], false, undefined]);
    renderNodes();
    expect(screen.getByText('Loading nodes')).toBeDefined();
    pushWatch('nodes', [[], true, undefined]);
    expect(screen.getByRole('heading', { name: 'No nodes' })).toBeDefined();
  });
});
