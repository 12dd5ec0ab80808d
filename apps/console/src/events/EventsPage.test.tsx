import { cleanup, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { KubeError } from '../k8s/kube-error.ts';
import { pushWatch, renderLivePage } from '../overview/render-live-page.tsx';
import { tableColumnTexts } from '../shared/table-text.ts';
import type { KubeEvent } from '../vms/vm-events.ts';
import { EventsPage } from './EventsPage.tsx';

vi.mock('../k8s/index.ts', async () => (await import('../app/fake-k8s.ts')).fakeK8sModule);

function makeEvent(
  name: string,
  minute: number,
  fields: { type?: string; reason?: string; kind?: string; object?: string; message?: string } = {},
): KubeEvent {
  return {
    metadata: { name, namespace: 'apps', uid: `uid-${name}` },
    involvedObject: { kind: fields.kind ?? 'Pod', name: fields.object ?? 'web-1' },
    type: fields.type ?? 'Normal',
    reason: fields.reason ?? `Reason-${name}`,
    message: fields.message ?? `message of ${name}`,
    lastTimestamp: `2025-01-01T00:${String(minute).padStart(2, '0')}:00Z`,
  };
}

const events = [
  makeEvent('pulled', 1, { reason: 'Pulled' }),
  makeEvent('unschedulable', 3, {
    type: 'Warning',
    reason: 'FailedScheduling',
    kind: 'VirtualMachineInstance',
    object: 'vm-db',
    message: '0/2 nodes are available',
  }),
  makeEvent('created', 2, { reason: 'Created', kind: 'ConfigMap', object: 'settings' }),
];

const reasons = () => tableColumnTexts('Events', 1);

const renderEvents = (url = '/events') => renderLivePage('/events', EventsPage, url);

beforeEach(() => {
  fakeK8s.reset();
  fakeK8s.setWatch('events', [events, true, undefined]);
});
afterEach(cleanup);

describe('EventsPage', () => {
  it('lists events newest first, each object linked to its page where it has one', () => {
    renderEvents();
    expect(reasons()).toEqual(['FailedScheduling', 'Created', 'Pulled']);
    expect(
      screen.getByRole('link', { name: 'VirtualMachineInstance/vm-db' }).getAttribute('href'),
    ).toBe('/vms/apps/vm-db');
    expect(screen.getByRole('link', { name: 'Pod/web-1' }).getAttribute('href')).toBe(
      '/pods/apps/web-1',
    );
    expect(screen.queryByRole('link', { name: 'ConfigMap/settings' })).toBeNull();
    expect(screen.getByText('ConfigMap/settings')).toBeDefined();
  });

  it('filters by type from the URL and keeps the choice in the URL', async () => {
    const router = renderEvents('/events?type=Warning');
    expect(reasons()).toEqual(['FailedScheduling']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'Normal');
    expect(reasons()).toEqual(['Created', 'Pulled']);
    expect(router.state.location.search).toBe('?type=Normal');
  });

  it('searches the reason, the object and the message', async () => {
    renderEvents();
    const search = screen.getByRole('textbox', { name: 'Search events' });
    await userEvent.type(search, 'nodes are');
    expect(reasons()).toEqual(['FailedScheduling']);
    await userEvent.clear(search);
    await userEvent.type(search, 'configmap/');
    expect(reasons()).toEqual(['Created']);
    expect(screen.getByRole('status').textContent).toBe('1 of 3 events');
  });

  it('sorts by a column and back to newest first', async () => {
    renderEvents();
    await userEvent.click(screen.getByRole('button', { name: 'Reason' }));
    expect(reasons()).toEqual(['Created', 'FailedScheduling', 'Pulled']);
    await userEvent.click(screen.getByRole('button', { name: 'Last seen' }));
    expect(reasons()).toEqual(['FailedScheduling', 'Created', 'Pulled']);
  });

  it('shows a new event live, in the masthead namespace', () => {
    renderEvents('/events?ns=apps');
    expect(fakeK8s.watched[0]?.namespace).toBe('apps');
    pushWatch('events', [
      [...events, makeEvent('started', 9, { reason: 'Started' })],
      true,
      undefined,
    ]);
    expect(reasons()[0]).toBe('Started');
  });

  it('says when there are no events, or none match, and shows errors', () => {
    fakeK8s.setWatch('events', [[], true, undefined]);
    renderEvents('/events?type=Warning');
    expect(screen.getByRole('heading', { name: 'No events match the filters' })).toBeDefined();
    const forbidden = new KubeError({ code: 403, reason: 'Forbidden', message: 'no events' });
    pushWatch('events', [[], false, forbidden]);
    expect(screen.getByText('You may not list events')).toBeDefined();
  });
});
