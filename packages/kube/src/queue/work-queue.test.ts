import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.ts';
import { WorkQueue } from './work-queue.ts';

function makeQueue(): { queue: WorkQueue; clock: FakeClock } {
  const clock = new FakeClock(1_000);
  return { queue: new WorkQueue({ clock }), clock };
}

/** Takes every ready key without waiting (get() resolves at once when a key is ready). */
async function drain(queue: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (queue.length > 0) {
    const key = await queue.get();
    if (key === undefined) break;
    keys.push(key);
  }
  return keys;
}

describe('WorkQueue', () => {
  it('hands keys out in the order they were added', async () => {
    const { queue } = makeQueue();
    queue.add('a');
    queue.add('b');
    expect(await drain(queue)).toEqual(['a', 'b']);
  });

  it('coalesces adds of a key that is already queued', async () => {
    const { queue } = makeQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.length).toBe(2);
    expect(await drain(queue)).toEqual(['a', 'b']);
  });

  it('does not hand out a key in flight again; re-queues it on done() when added meanwhile', async () => {
    const { queue } = makeQueue();
    queue.add('a');
    expect(await queue.get()).toBe('a');
    queue.add('a');
    expect(queue.length).toBe(0);
    queue.done('a');
    expect(queue.length).toBe(1);
    expect(await queue.get()).toBe('a');
  });

  it('does not re-queue a key on done() when nobody added it meanwhile', async () => {
    const { queue } = makeQueue();
    queue.add('a');
    await queue.get();
    queue.done('a');
    expect(queue.length).toBe(0);
  });

  it('resolves a waiting get() when a key is added', async () => {
    const { queue } = makeQueue();
    const next = queue.get();
    queue.add('a');
    expect(await next).toBe('a');
  });

  it('adds a delayed key only once its delay has passed', () => {
    const { queue, clock } = makeQueue();
    queue.addAfter('a', 100);
    clock.advance(99);
    expect(queue.length).toBe(0);
    clock.advance(1);
    expect(queue.length).toBe(1);
  });

  it.each([
    { first: 100, second: 50, readyAt: 50 },
    { first: 50, second: 100, readyAt: 50 },
  ])('keeps the earliest deadline of two delayed adds ($first ms, then $second ms)', (c) => {
    const { queue, clock } = makeQueue();
    queue.addAfter('a', c.first);
    queue.addAfter('a', c.second);
    clock.advance(c.readyAt - 1);
    expect(queue.length).toBe(0);
    clock.advance(1);
    expect(queue.length).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('orders delayed keys by their deadlines', async () => {
    const { queue, clock } = makeQueue();
    queue.addAfter('late', 300);
    queue.addAfter('early', 100);
    queue.addAfter('middle', 200);
    clock.advance(300);
    expect(await drain(queue)).toEqual(['early', 'middle', 'late']);
  });

  it('adds a key with a zero or negative delay at once', () => {
    const { queue } = makeQueue();
    queue.addAfter('a', 0);
    queue.addAfter('b', -5);
    expect(queue.length).toBe(2);
  });

  it('doubles the rate-limited delay of a key on every failure, up to the cap', () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock, baseDelayMs: 10, maxDelayMs: 50 });
    expect([0, 1, 2, 3, 4, 100].map((n) => queue.backoffDelay(n))).toEqual([
      10, 20, 40, 50, 50, 50,
    ]);
  });

  it("uses client-go's default backoff: 5 ms doubling to 1000 s", () => {
    const { queue } = makeQueue();
    expect(queue.backoffDelay(0)).toBe(5);
    expect(queue.backoffDelay(1)).toBe(10);
    expect(queue.backoffDelay(30)).toBe(1_000_000);
  });

  it('waits the growing backoff between rate-limited adds of a key', async () => {
    const { queue, clock } = makeQueue();
    const readyAfter: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const start = clock.now();
      queue.addRateLimited('a');
      while (queue.length === 0) clock.advance(1);
      readyAfter.push(clock.now() - start);
      await queue.get();
      queue.done('a');
    }
    expect(readyAfter).toEqual([5, 10, 20, 40]);
    expect(queue.numRequeues('a')).toBe(4);
  });

  it('starts the backoff over after forget()', () => {
    const { queue } = makeQueue();
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    queue.forget('a');
    expect(queue.numRequeues('a')).toBe(0);
    queue.addRateLimited('a');
    expect(queue.numRequeues('a')).toBe(1);
  });

  it('keeps the backoff of different keys apart', () => {
    const { queue } = makeQueue();
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    queue.addRateLimited('b');
    expect([queue.numRequeues('a'), queue.numRequeues('b')]).toEqual([2, 1]);
  });

  describe('shutDown', () => {
    it('resolves waiting and later get() calls with undefined', async () => {
      const { queue } = makeQueue();
      const waiting = queue.get();
      queue.shutDown();
      expect(await waiting).toBeUndefined();
      expect(await queue.get()).toBeUndefined();
    });

    it('ignores new adds and cancels delayed ones', () => {
      const { queue, clock } = makeQueue();
      queue.addAfter('a', 10);
      queue.shutDown();
      queue.add('b');
      queue.addRateLimited('c');
      clock.advance(1_000);
      expect(queue.length).toBe(0);
      expect(clock.pendingTimers).toBe(0);
    });

    it('lets a key in flight finish without handing it out again', async () => {
      const { queue } = makeQueue();
      queue.add('a');
      expect(await queue.get()).toBe('a');
      queue.add('a');
      queue.shutDown();
      queue.done('a');
      expect(queue.length).toBe(0);
      expect(await queue.get()).toBeUndefined();
    });
  });
});
