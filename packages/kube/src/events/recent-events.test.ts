import { describe, expect, it } from 'vitest';
import { RecentEvents } from './recent-events.ts';

const entry = (lastSeenMs: number, count = 1) => ({
  namespace: 'ns',
  name: 'e',
  count,
  lastSeenMs,
});

describe('RecentEvents', () => {
  it('finds an entry seen within the window', () => {
    const recent = new RecentEvents(10);
    recent.remember('a', entry(1000, 3));
    expect(recent.lookup('a', 1500, 1000)).toEqual(entry(1000, 3));
  });

  it('drops an entry last seen longer ago than the window', () => {
    const recent = new RecentEvents(10);
    recent.remember('a', entry(1000));
    expect(recent.lookup('a', 2001, 1000)).toBeUndefined();
    expect(recent.size).toBe(0);
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const recent = new RecentEvents(2);
    recent.remember('a', entry(0));
    recent.remember('b', entry(0));
    recent.lookup('a', 0, 10);
    recent.remember('c', entry(0));
    expect(recent.size).toBe(2);
    expect(recent.lookup('b', 0, 10)).toBeUndefined();
    expect(recent.lookup('a', 0, 10)).toBeDefined();
    expect(recent.lookup('c', 0, 10)).toBeDefined();
  });

  it('forgets an entry on request', () => {
    const recent = new RecentEvents(2);
    recent.remember('a', entry(0));
    recent.forget('a');
    expect(recent.lookup('a', 0, 10)).toBeUndefined();
  });
});
