import type { WatchObject, WatchStatus } from '@podvisor/bff/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSockets } from './fake-web-socket.ts';
import { createWatchSocket, type WatchSocket, type WatchUpdate } from './watch-socket.ts';

const pods = { group: '', version: 'v1', resource: 'pods', namespace: 'demo' } as const;
const vms = { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines' } as const;

function pod(name: string, resourceVersion = '1'): WatchObject {
  return { kind: 'Pod', metadata: { name, namespace: 'demo', resourceVersion } };
}

const forbidden: WatchStatus = {
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code: 403,
  reason: 'Forbidden',
  message: 'pods is forbidden: User "vera" cannot list resource "pods"',
};

function recorder(): { updates: WatchUpdate[]; listener: (update: WatchUpdate) => void } {
  const updates: WatchUpdate[] = [];
  return { updates, listener: (update) => updates.push(update) };
}

function names(update: WatchUpdate | undefined): string[] {
  return update?.kind === 'snapshot' ? update.items.map((i) => i.metadata.name ?? '') : [];
}

let fake: ReturnType<typeof fakeSockets>;
let socket: WatchSocket;

beforeEach(() => {
  vi.useFakeTimers();
  fake = fakeSockets();
  socket = createWatchSocket({
    url: 'ws://console.test/api/watch',
    createSocket: fake.createSocket,
  });
});

afterEach(() => {
  socket.close();
  vi.useRealTimers();
});

describe('createWatchSocket', () => {
  it('opens no socket until something subscribes, then subscribes once it is open', () => {
    expect(fake.sockets).toHaveLength(0);
    expect(socket.state()).toBe('closed');
    socket.subscribe({ ...pods, labelSelector: 'app=web', fieldSelector: '' }, () => undefined);
    expect(fake.last().url).toBe('ws://console.test/api/watch');
    expect(socket.state()).toBe('connecting');
    fake.last().open();
    expect(socket.state()).toBe('open');
    expect(fake.last().sent).toEqual([
      {
        type: 'subscribe',
        id: expect.any(String) as string,
        group: '',
        version: 'v1',
        resource: 'pods',
        namespace: 'demo',
        labelSelector: 'app=web',
      },
    ]);
  });

  it('gives each listener the snapshot and then the events of its subscription only', () => {
    const podUpdates = recorder();
    const vmUpdates = recorder();
    socket.subscribe(pods, podUpdates.listener);
    socket.subscribe(vms, vmUpdates.listener);
    const server = fake.last();
    server.open();
    const [podsId = '', vmsId = ''] = server.sent.map((m) => m.id);
    server.receive(
      { type: 'snapshot', id: podsId, items: [pod('a')], resourceVersion: '5' },
      { type: 'snapshot', id: vmsId, items: [], resourceVersion: '5' },
      { type: 'event', id: podsId, event: 'ADDED', object: pod('b') },
    );
    expect(podUpdates.updates).toEqual([
      { kind: 'snapshot', items: [pod('a')] },
      { kind: 'event', event: 'ADDED', object: pod('b') },
    ]);
    expect(vmUpdates.updates).toEqual([{ kind: 'snapshot', items: [] }]);
  });

  it('shares one server subscription between identical queries, and a late listener gets the current set at once', () => {
    const first = recorder();
    socket.subscribe(pods, first.listener);
    const server = fake.last();
    server.open();
    const id = server.sent[0]?.id ?? '';
    server.receive(
      { type: 'snapshot', id, items: [pod('a'), pod('b')], resourceVersion: '5' },
      { type: 'event', id, event: 'DELETED', object: pod('a') },
      { type: 'event', id, event: 'ADDED', object: pod('c') },
      { type: 'event', id, event: 'MODIFIED', object: pod('b', '7') },
    );
    const late = recorder();
    socket.subscribe({ ...pods }, late.listener);
    expect(server.sent).toHaveLength(1);
    expect(late.updates).toHaveLength(1);
    expect(names(late.updates[0])).toEqual(['b', 'c']);
    expect(late.updates[0]).toMatchObject({
      items: [{ metadata: { resourceVersion: '7' } }, { metadata: { name: 'c' } }],
    });
  });

  it('ends the server subscription only after the delay, so a quick remount keeps it', () => {
    const stop = socket.subscribe(vms, () => undefined);
    socket.subscribe(pods, () => undefined);
    const server = fake.last();
    server.open();
    stop();
    vi.advanceTimersByTime(50);
    const again = socket.subscribe(vms, () => undefined);
    vi.advanceTimersByTime(500);
    expect(server.subscriptions()).toHaveLength(2);
    again();
    vi.advanceTimersByTime(99);
    expect(server.subscriptions()).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(server.sent.at(-1)).toEqual({ type: 'unsubscribe', id: server.sent[0]?.id });
    expect(server.subscriptions()).toHaveLength(1);
  });

  it('closes the socket when the last subscription ends, and opens a new one for the next', () => {
    const states: string[] = [];
    socket.onState((state) => states.push(state));
    const stop = socket.subscribe(pods, () => undefined);
    fake.last().open();
    stop();
    stop();
    vi.advanceTimersByTime(100);
    expect(fake.last().closedWith).toEqual({ code: 1000, reason: 'nothing to watch' });
    expect(socket.state()).toBe('closed');
    socket.subscribe(pods, () => undefined);
    expect(fake.sockets).toHaveLength(2);
    expect(states).toEqual(['connecting', 'open', 'closed', 'connecting']);
  });

  it.each([
    { what: 'dropped (1006)', code: 1006 },
    { what: 'closed as too slow (4429)', code: 4429 },
    { what: 'closed as going away (1001)', code: 1001 },
  ])(
    'reconnects with backoff when the connection is $what, resubscribes everything and replaces each set with the fresh snapshot',
    ({ code }) => {
      const updates = recorder();
      socket.subscribe(pods, updates.listener);
      socket.subscribe(vms, () => undefined);
      const first = fake.last();
      first.open();
      first.receive({
        type: 'snapshot',
        id: first.sent[0]?.id ?? '',
        items: [pod('old')],
        resourceVersion: '1',
      });
      first.drop(code);
      expect(socket.state()).toBe('reconnecting');
      vi.advanceTimersByTime(999);
      expect(fake.sockets).toHaveLength(1);
      vi.advanceTimersByTime(1);
      const second = fake.last();
      expect(fake.sockets).toHaveLength(2);
      expect(socket.state()).toBe('reconnecting');
      second.open();
      expect(second.sent.map((m) => m.type === 'subscribe' && m.resource)).toEqual([
        'pods',
        'virtualmachines',
      ]);
      const id = second.sent[0]?.id ?? '';
      second.receive({ type: 'snapshot', id, items: [pod('new')], resourceVersion: '9' });
      expect(names(updates.updates.at(-1))).toEqual(['new']);
      const late = recorder();
      socket.subscribe(pods, late.listener);
      expect(names(late.updates[0])).toEqual(['new']);
    },
  );

  it('waits longer after each failed try, up to the cap, and starts over once connected', () => {
    socket.close();
    socket = createWatchSocket({
      createSocket: fake.createSocket,
      url: 'ws://x/api/watch',
      backoff: { initialMs: 100, factor: 2, maxMs: 300 },
    });
    socket.subscribe(pods, () => undefined);
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const before = fake.sockets.length;
      fake.last().drop();
      let waited = 0;
      while (fake.sockets.length === before) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      delays.push(waited);
    }
    fake.last().open();
    fake.last().drop();
    vi.advanceTimersByTime(100);
    expect(delays).toEqual([100, 200, 300, 300]);
    expect(fake.sockets).toHaveLength(6);
  });

  it('stops reconnecting when everything unsubscribes while it waits', () => {
    const stop = socket.subscribe(pods, () => undefined);
    fake.last().drop();
    stop();
    vi.advanceTimersByTime(60_000);
    expect(fake.sockets).toHaveLength(1);
    expect(socket.state()).toBe('closed');
  });

  it('passes an error to every listener and to a late one, and does not resubscribe it', () => {
    const updates = recorder();
    socket.subscribe(pods, updates.listener);
    const server = fake.last();
    server.open();
    server.receive({ type: 'error', id: server.sent[0]?.id ?? '', status: forbidden });
    const late = recorder();
    socket.subscribe(pods, late.listener);
    expect(updates.updates).toEqual([{ kind: 'error', status: forbidden }]);
    expect(late.updates).toEqual([{ kind: 'error', status: forbidden }]);
    expect(server.sent).toHaveLength(1);
  });

  it('does not retry after the server calls a frame malformed (4400): every listener gets an error', () => {
    const updates = recorder();
    socket.subscribe(pods, updates.listener);
    fake.last().open();
    fake.last().drop(4400, 'malformed frame');
    vi.advanceTimersByTime(60_000);
    expect(fake.sockets).toHaveLength(1);
    expect(socket.state()).toBe('closed');
    expect(updates.updates).toMatchObject([
      {
        kind: 'error',
        status: { code: 400, message: expect.stringContaining('malformed frame') as string },
      },
    ]);
  });

  it('ends every subscription with an error naming the cause when the socket cannot be created', () => {
    socket.close();
    socket = createWatchSocket({
      url: 'not a url',
      createSocket: () => {
        throw new SyntaxError("Failed to construct 'WebSocket': The URL 'not a url' is invalid.");
      },
    });
    const updates = recorder();
    socket.subscribe(pods, updates.listener);
    expect(socket.state()).toBe('closed');
    expect(updates.updates).toMatchObject([
      {
        kind: 'error',
        status: { code: 400, message: expect.stringContaining("'not a url' is invalid") as string },
      },
    ]);
  });

  it('ignores frames that are not batches and messages for ids it does not know', () => {
    const updates = recorder();
    socket.subscribe(pods, updates.listener);
    const server = fake.last();
    server.open();
    server.onmessage?.(new MessageEvent('message', { data: 'not json' }));
    server.onmessage?.(new MessageEvent('message', { data: '{"type":"other"}' }));
    server.receive({ type: 'snapshot', id: 'unknown', items: [pod('x')], resourceVersion: '1' });
    server.receive({ type: 'error', id: null, status: forbidden });
    expect(updates.updates).toEqual([]);
  });
});
