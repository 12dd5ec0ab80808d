import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { KubeObject } from '../json.ts';
import { openStore, type Store, type StoreOptions } from './open-store.ts';
import { isStoreError, type StoreErrorCode } from './store-error.ts';
import type { WatchEvent } from './watch-event.ts';

const opened: Store[] = [];
const directories: string[] = [];

afterEach(() => {
  opened.splice(0).forEach((store) => {
    store.close();
  });
  directories.splice(0).forEach((directory) => {
    rmSync(directory, { recursive: true, force: true });
  });
});

function open(options: Partial<StoreOptions> = {}): Store {
  const store = openStore({ path: ':memory:', ...options });
  opened.push(store);
  return store;
}

function tempFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'podvisor-store-'));
  directories.push(directory);
  return join(directory, 'store.db');
}

function pod(name: string, phase = 'Pending'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, status: { phase } };
}

function podKey(name: string, namespace = 'default'): string {
  return `/core/pods/${namespace}/${name}`;
}

function resourceVersion(object: KubeObject | undefined): unknown {
  return object?.metadata.resourceVersion;
}

function storeErrorCode(action: () => unknown): StoreErrorCode | 'no error' {
  try {
    action();
  } catch (error) {
    if (isStoreError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'no error';
}

function recordEvents(store: Store, prefix: string, fromRevision: number): WatchEvent[] {
  const events: WatchEvent[] = [];
  store.watch(prefix, fromRevision, (event) => {
    events.push(event);
  });
  return events;
}

function summary(events: WatchEvent[]): string[] {
  return events.map((event) => `${event.type} ${event.key} ${event.revision}`);
}

describe('openStore writes', () => {
  it('stamps each write with the next global revision', () => {
    const store = open();
    const created = store.create(podKey('a'), pod('a'));
    const other = store.create(podKey('b'), pod('b'));
    const updated = store.update(podKey('a'), pod('a', 'Running'));
    expect([created, other, updated].map(resourceVersion)).toEqual(['1', '2', '3']);
    expect(store.currentRevision()).toBe(3);
    expect(store.get(podKey('a'))).toEqual({
      ...pod('a', 'Running'),
      metadata: { name: 'a', resourceVersion: '3' },
    });
  });

  it('does not change the object it was given', () => {
    const store = open();
    const input = pod('a');
    store.create(podKey('a'), input);
    expect(input).toEqual(pod('a'));
  });

  it('returns frozen objects from writes and fresh ones from reads', () => {
    const store = open();
    const created = store.create(podKey('a'), pod('a'));
    expect(Object.isFrozen(created.metadata)).toBe(true);
    const read = store.get(podKey('a'));
    expect(read).not.toBe(created);
    expect(Object.isFrozen(read)).toBe(false);
  });

  it('refuses to create a key that exists, without using a revision', () => {
    const store = open();
    store.create(podKey('a'), pod('a'));
    expect(storeErrorCode(() => store.create(podKey('a'), pod('a')))).toBe('exists');
    expect(store.currentRevision()).toBe(1);
  });

  it.each([
    ['update', (store: Store) => store.update(podKey('missing'), pod('missing'))],
    ['delete', (store: Store) => store.delete(podKey('missing'))],
  ])('answers not-found to %s of a missing key', (_verb, action) => {
    const store = open();
    expect(storeErrorCode(() => action(store))).toBe('not-found');
  });

  it.each([
    ['update', (store: Store, revision?: number) => store.update(podKey('a'), pod('a'), revision)],
    ['delete', (store: Store, revision?: number) => store.delete(podKey('a'), revision)],
  ])('compares and swaps on %s', (_verb, action) => {
    const store = open();
    store.create(podKey('a'), pod('a'));
    store.update(podKey('a'), pod('a', 'Running'));
    expect(storeErrorCode(() => action(store, 1))).toBe('conflict');
    expect(resourceVersion(store.get(podKey('a')))).toBe('2');
    expect(storeErrorCode(() => action(store, 2))).toBe('no error');
    expect(store.currentRevision()).toBe(3);
  });

  it('reports both revisions in a conflict', () => {
    const store = open();
    store.create(podKey('a'), pod('a'));
    try {
      store.update(podKey('a'), pod('a'), 7);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'conflict', requestedRevision: 7, actualRevision: 1 });
    }
  });

  it('returns the deleted object at the revision of the deletion', () => {
    const store = open();
    store.create(podKey('a'), pod('a', 'Running'));
    const deleted = store.delete(podKey('a'));
    expect(deleted).toEqual({
      ...pod('a', 'Running'),
      metadata: { name: 'a', resourceVersion: '2' },
    });
    expect(store.get(podKey('a'))).toBeUndefined();
    expect(resourceVersion(store.create(podKey('a'), pod('a')))).toBe('3');
  });

  it('neither uses a revision nor notifies watchers when a write fails', () => {
    const store = open();
    const events = recordEvents(store, '/', 0);
    const unserializable = { ...pod('a'), spec: { size: 1n } } as unknown as KubeObject;
    expect(() => store.create(podKey('a'), unserializable)).toThrow(TypeError);
    expect(store.currentRevision()).toBe(0);
    expect(store.get(podKey('a'))).toBeUndefined();
    expect(events).toEqual([]);
  });
});

describe('openStore lists', () => {
  function seeded(): Store {
    const store = open();
    for (const [namespace, name] of [
      ['default', 'c'],
      ['default2', 'a'],
      ['default', 'a'],
      ['kube-system', 'z'],
      ['default', 'b'],
      ['default', 'e'],
      ['default', 'd'],
    ] as const) {
      store.create(podKey(name, namespace), pod(name));
    }
    return store;
  }

  function names(items: KubeObject[]): unknown[] {
    return items.map((item) => item.metadata.name);
  }

  it('lists the keys under a prefix, ordered, at the current revision', () => {
    const store = seeded();
    const result = store.list('/core/pods/default/');
    expect(names(result.items)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(result.revision).toBe(7);
    expect(result.nextKey).toBeUndefined();
  });

  it.each([
    ['/core/pods/default2/', ['a']],
    ['/core/pods/', ['a', 'b', 'c', 'd', 'e', 'a', 'z']],
    ['/core/pods/nothing/', []],
    ['/core/services/', []],
  ])('isolates the prefix %s', (prefix, expected) => {
    expect(names(seeded().list(prefix).items)).toEqual(expected);
  });

  it('pages with limit and nextKey until the last page', () => {
    const store = seeded();
    const pages: unknown[][] = [];
    let nextKey: string | undefined;
    do {
      const page = store.list('/core/pods/default/', {
        limit: 2,
        ...(nextKey === undefined ? {} : { continueKey: nextKey }),
      });
      pages.push(names(page.items));
      nextKey = page.nextKey;
    } while (nextKey !== undefined);
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('names the first key of the next page', () => {
    const page = seeded().list('/core/pods/default/', { limit: 3 });
    expect(page.nextKey).toBe(podKey('d'));
  });

  it.each([0, -1, 1.5])('rejects the limit %d', (limit) => {
    expect(() => seeded().list('/core/pods/', { limit })).toThrow(RangeError);
  });
});

describe('openStore watches', () => {
  it('replays retained events after the revision, then live events, in order', () => {
    const store = open();
    store.create(podKey('a'), pod('a'));
    store.create(podKey('b'), pod('b'));
    store.update(podKey('a'), pod('a', 'Running'));
    const events = recordEvents(store, '/core/pods/default/', 1);
    store.delete(podKey('b'));
    store.create(podKey('x', 'other'), pod('x'));
    store.create(podKey('c'), pod('c'));
    expect(summary(events)).toEqual([
      'ADDED /core/pods/default/b 2',
      'MODIFIED /core/pods/default/a 3',
      'DELETED /core/pods/default/b 4',
      'ADDED /core/pods/default/c 6',
    ]);
  });

  it('carries the previous object on changes and the deletion revision on DELETED', () => {
    const store = open();
    const events = recordEvents(store, '/', 0);
    store.create(podKey('a'), pod('a'));
    store.update(podKey('a'), pod('a', 'Running'));
    store.delete(podKey('a'));
    const [added, modified, deleted] = events;
    expect(added?.previous).toBeUndefined();
    expect(modified?.previous).toBe(added?.object);
    expect(resourceVersion(deleted?.object)).toBe('3');
    expect(deleted?.object.status).toEqual({ phase: 'Running' });
    expect(deleted?.previous).toBe(modified?.object);
  });

  it('delivers nothing old when watching from the current revision', () => {
    const store = open();
    store.create(podKey('a'), pod('a'));
    const events = recordEvents(store, '/', store.currentRevision());
    store.create(podKey('b'), pod('b'));
    expect(summary(events)).toEqual(['ADDED /core/pods/default/b 2']);
  });

  it('refuses a revision older than the retained history', () => {
    const store = open({ historySize: 3 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      store.create(podKey(name), pod(name));
    }
    expect(() => store.watch('/', 1, () => undefined)).toThrow(
      expect.objectContaining({ code: 'expired', message: 'too old resource version: 1 (2)' }),
    );
    expect(summary(recordEvents(store, '/', 2)).length).toBe(3);
  });

  it('stops delivering after stop()', () => {
    const store = open();
    const events: WatchEvent[] = [];
    const stop = store.watch('/', 0, (event) => events.push(event));
    store.create(podKey('a'), pod('a'));
    stop();
    store.create(podKey('b'), pod('b'));
    expect(events).toHaveLength(1);
  });

  it('keeps writing and notifying when a listener throws, and reports the error', () => {
    const reported: unknown[] = [];
    const store = open({
      onError: (error, context) => reported.push([error, context.source]),
    });
    const failure = new Error('listener failed');
    store.watch('/', 0, () => {
      throw failure;
    });
    const events = recordEvents(store, '/', 0);
    expect(resourceVersion(store.create(podKey('a'), pod('a')))).toBe('1');
    store.create(podKey('b'), pod('b'));
    expect(events).toHaveLength(2);
    expect(reported).toEqual([
      [failure, 'listener'],
      [failure, 'listener'],
    ]);
  });

  it('keeps every watcher in revision order when a listener writes', () => {
    const store = open();
    store.watch('/core/pods/', 0, (event) => {
      if (event.type === 'ADDED') {
        store.update(event.key, pod('a', 'Running'));
      }
    });
    const events = recordEvents(store, '/', 0);
    store.create(podKey('a'), pod('a'));
    expect(summary(events)).toEqual([
      'ADDED /core/pods/default/a 1',
      'MODIFIED /core/pods/default/a 2',
    ]);
  });
});

describe('openStore files', () => {
  it('rebuilds the watch history from the log after reopening', () => {
    const path = tempFile();
    const first = openStore({ path });
    first.create(podKey('a'), pod('a'));
    first.update(podKey('a'), pod('a', 'Running'));
    first.delete(podKey('a'));
    first.close();
    const store = open({ path });
    const events = recordEvents(store, '/', 0);
    expect(summary(events)).toEqual([
      'ADDED /core/pods/default/a 1',
      'MODIFIED /core/pods/default/a 2',
      'DELETED /core/pods/default/a 3',
    ]);
    expect(events[1]?.previous).toBe(events[0]?.object);
    expect(events[2]?.previous).toEqual(events[1]?.object);
  });

  it('never reuses a revision after deletes, compaction and reopening', () => {
    const path = tempFile();
    const first = openStore({ path, historySize: 1 });
    first.create(podKey('a'), pod('a'));
    first.create(podKey('b'), pod('b'));
    first.delete(podKey('a'));
    first.delete(podKey('b'));
    expect(first.compact()).toBe(3);
    first.close();
    const store = open({ path, historySize: 1 });
    expect(store.currentRevision()).toBe(4);
    expect(resourceVersion(store.create(podKey('a'), pod('a')))).toBe('5');
  });

  it('keeps the retained history through compaction and reopening', () => {
    const path = tempFile();
    const first = openStore({ path, historySize: 2 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      first.create(podKey(name), pod(name));
    }
    expect(first.compact()).toBe(3);
    first.close();
    const store = open({ path, historySize: 10 });
    expect(summary(recordEvents(store, '/', 3))).toEqual([
      'ADDED /core/pods/default/d 4',
      'ADDED /core/pods/default/e 5',
    ]);
    expect(() => store.watch('/', 2, () => undefined)).toThrow(/too old resource version: 2 \(3\)/);
    expect(store.list('/').items).toHaveLength(5);
  });

  it('compacts the log from its own timer', () => {
    const path = tempFile();
    vi.useFakeTimers();
    try {
      const first = openStore({ path, historySize: 2, compactIntervalMs: 1000 });
      for (const name of ['a', 'b', 'c', 'd']) {
        first.create(podKey(name), pod(name));
      }
      vi.advanceTimersByTime(1000);
      first.close();
    } finally {
      vi.useRealTimers();
    }
    const store = open({ path, historySize: 10 });
    expect(() => store.watch('/', 1, () => undefined)).toThrow(/too old resource version: 1 \(2\)/);
  });

  it('refuses a second store on a file that is open', () => {
    const path = tempFile();
    open({ path }).create(podKey('a'), pod('a'));
    expect(() => openStore({ path })).toThrow(/in use by another store or process/);
  });

  it.each([[{ historySize: 0 }], [{ historySize: 1.5 }], [{ compactIntervalMs: -1 }]])(
    'rejects the options %j',
    (options) => {
      expect(() => openStore({ path: ':memory:', ...options })).toThrow(RangeError);
    },
  );
});
