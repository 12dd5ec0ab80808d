import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../upstream/upstream-error.ts';
import { createWatchCache, type WatchCacheUpdate } from './watch-cache.ts';
import type { WatchObject } from './watch-protocol.ts';

const object = (name: string, resourceVersion: string): WatchObject => ({
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', resourceVersion },
});
const line = (type: string, obj: unknown): string => JSON.stringify({ type, object: obj });

function cacheWith(items: readonly WatchObject[], resourceVersion = '10') {
  const updates: WatchCacheUpdate[] = [];
  const cache = createWatchCache((update) => updates.push(update));
  cache.replace(items, resourceVersion);
  updates.length = 0;
  return { cache, updates };
}

const summary = (updates: readonly WatchCacheUpdate[]): string[] =>
  updates.map((u) => (u.type === 'event' ? `${u.event} ${u.object.metadata.name ?? ''}` : u.type));

describe('createWatchCache', () => {
  it('announces nothing and has no snapshot before the first list', () => {
    const updates: WatchCacheUpdate[] = [];
    const cache = createWatchCache((update) => updates.push(update));
    expect(cache.snapshot()).toBeUndefined();
    cache.replace([object('a', '5')], '7');
    expect(updates).toEqual([
      { type: 'snapshot', items: [object('a', '5')], resourceVersion: '7' },
    ]);
    expect(cache.snapshot()).toEqual(updates[0]);
  });

  it.each<[string, string[], string[], string]>([
    ['a new object', [line('ADDED', object('b', '11'))], ['ADDED b'], '11'],
    ['a change', [line('MODIFIED', object('a', '11'))], ['MODIFIED a'], '11'],
    ['a deletion', [line('DELETED', object('a', '11'))], ['DELETED a'], '11'],
    ['a replayed ADDED as nothing', [line('ADDED', object('a', '5'))], [], '10'],
    [
      'an ADDED of a known object as MODIFIED',
      [line('ADDED', object('a', '12'))],
      ['MODIFIED a'],
      '12',
    ],
    [
      'a MODIFIED of an unknown object as ADDED',
      [line('MODIFIED', object('c', '12'))],
      ['ADDED c'],
      '12',
    ],
    ['a DELETED of an unknown object as nothing', [line('DELETED', object('c', '12'))], [], '12'],
    [
      'a bookmark as nothing but its resourceVersion',
      [line('BOOKMARK', object('', '40'))],
      [],
      '40',
    ],
    [
      'versions beyond 2^53 exactly',
      [
        line('MODIFIED', object('a', '9007199254740993')),
        line('MODIFIED', object('a', '9007199254740992')),
      ],
      ['MODIFIED a'],
      '9007199254740993',
    ],
  ])('announces %s', (_, lines, announced, resourceVersion) => {
    const { cache, updates } = cacheWith([object('a', '5')]);
    for (const l of lines) cache.applyLine(l);
    expect(summary(updates)).toEqual(announced);
    expect(cache.resourceVersion()).toBe(resourceVersion);
  });

  it('asks for a relist on an in-stream 410 and throws other errors as UpstreamError', () => {
    const { cache } = cacheWith([]);
    const status = (code: number) => ({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'm',
      reason: 'R',
      code,
    });
    expect(cache.applyLine(line('ERROR', status(410)))).toBe('expired');
    expect(() => cache.applyLine(line('ERROR', status(500)))).toThrow(UpstreamError);
  });

  it.each(['not json', '{"type":"ADDED"}', line('ADDED', { kind: 'X' })])(
    'rejects the malformed line %s',
    (text) => {
      const { cache, updates } = cacheWith([]);
      expect(() => cache.applyLine(text)).toThrow();
      expect(updates).toEqual([]);
    },
  );
});
