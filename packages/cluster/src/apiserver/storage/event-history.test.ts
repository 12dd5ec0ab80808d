import { describe, expect, it } from 'vitest';

import { EventHistory } from './event-history.ts';
import type { WatchEvent } from './watch-event.ts';

function event(revision: number, key = `/k/${revision}`): WatchEvent {
  return {
    type: 'ADDED',
    key,
    revision,
    object: { apiVersion: 'v1', kind: 'X', metadata: { resourceVersion: String(revision) } },
  };
}

function revisions(events: WatchEvent[] | undefined): number[] | undefined {
  return events?.map((each) => each.revision);
}

describe('EventHistory', () => {
  it('keeps only the newest events once full', () => {
    const history = new EventHistory(3, 0);
    for (let revision = 1; revision <= 5; revision += 1) {
      history.append(event(revision));
    }
    expect(history.size).toBe(3);
    expect(history.oldestWatchableRevision).toBe(2);
    expect(revisions(history.since(2))).toEqual([3, 4, 5]);
  });

  it.each([
    [0, [1, 2, 3]],
    [1, [2, 3]],
    [3, []],
    [9, []],
  ])('returns the events after revision %i', (after, expected) => {
    const history = new EventHistory(10, 0);
    [1, 2, 3].forEach((revision) => {
      history.append(event(revision));
    });
    expect(revisions(history.since(after))).toEqual(expected);
  });

  it('reports evicted history as undefined', () => {
    const history = new EventHistory(2, 0);
    [1, 2, 3].forEach((revision) => {
      history.append(event(revision));
    });
    expect(history.since(0)).toBeUndefined();
    expect(revisions(history.since(1))).toEqual([2, 3]);
  });

  it('starts watchable at its initial revision when empty', () => {
    const history = new EventHistory(5, 7);
    expect(history.since(6)).toBeUndefined();
    expect(history.since(7)).toEqual([]);
  });

  it('forgets the latest event of a key once it is evicted', () => {
    const history = new EventHistory(2, 0);
    history.append(event(1, '/a'));
    history.append(event(2, '/b'));
    expect(history.latest('/a')?.revision).toBe(1);
    history.append(event(3, '/b'));
    expect(history.latest('/a')).toBeUndefined();
    expect(history.latest('/b')?.revision).toBe(3);
  });
});
