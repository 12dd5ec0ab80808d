import { describe, expect, it } from 'vitest';

import type { WatchEvent } from './watch-event.ts';
import { WatchHub } from './watch-hub.ts';

function event(revision: number, key = '/a/x'): WatchEvent {
  return {
    type: 'MODIFIED',
    key,
    revision,
    object: { apiVersion: 'v1', kind: 'X', metadata: { resourceVersion: String(revision) } },
  };
}

function collect(into: number[]): (event: WatchEvent) => void {
  return (received) => {
    into.push(received.revision);
  };
}

const noErrors = (): void => {
  throw new Error('unexpected listener error');
};

describe('WatchHub', () => {
  it('delivers events under the prefix only', () => {
    const hub = new WatchHub(noErrors);
    const seen: number[] = [];
    hub.subscribe({ prefix: '/a/', fromRevision: 0, replay: [] }, collect(seen));
    hub.publish(event(1, '/a/x'));
    hub.publish(event(2, '/ab/x'));
    hub.publish(event(3, '/a/y'));
    expect(seen).toEqual([1, 3]);
  });

  it('replays before live events and never repeats one', () => {
    const hub = new WatchHub(noErrors);
    const seen: number[] = [];
    hub.subscribe({ prefix: '/', fromRevision: 1, replay: [event(2), event(3)] }, collect(seen));
    hub.publish(event(3));
    hub.publish(event(4));
    expect(seen).toEqual([2, 3, 4]);
  });

  it('delivers an event published by a listener after the current one reached everyone', () => {
    const hub = new WatchHub(noErrors);
    const first: number[] = [];
    const second: number[] = [];
    hub.subscribe({ prefix: '/', fromRevision: 0, replay: [] }, (received) => {
      first.push(received.revision);
      if (received.revision === 1) {
        hub.publish(event(2));
      }
    });
    hub.subscribe({ prefix: '/', fromRevision: 0, replay: [] }, collect(second));
    hub.publish(event(1));
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
  });

  it('isolates a throwing listener and reports its error', () => {
    const errors: unknown[] = [];
    const hub = new WatchHub((error) => {
      errors.push(error);
    });
    const seen: number[] = [];
    hub.subscribe({ prefix: '/', fromRevision: 0, replay: [] }, () => {
      throw new Error('boom');
    });
    hub.subscribe({ prefix: '/', fromRevision: 0, replay: [] }, collect(seen));
    hub.publish(event(1));
    hub.publish(event(2));
    expect(seen).toEqual([1, 2]);
    expect(errors).toHaveLength(2);
  });

  it('stops delivering once unsubscribed, even during a dispatch', () => {
    const hub = new WatchHub(noErrors);
    const seen: number[] = [];
    hub.subscribe({ prefix: '/', fromRevision: 0, replay: [] }, () => {
      stop();
    });
    const stop = hub.subscribe({ prefix: '/', fromRevision: 0, replay: [] }, collect(seen));
    hub.publish(event(1));
    expect(seen).toEqual([]);
    expect(hub.size).toBe(1);
  });
});
