import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../queue/fake-clock.ts';
import type { ReconcileContext, ReconcileResult } from './reconciler.ts';
import { runController, type ReconcileOutcome } from './run-controller.ts';
import { TerminalError } from './terminal-error.ts';

type Behaviour = (key: string, ctx: ReconcileContext) => Promise<ReconcileResult>;

interface Harness {
  readonly clock: FakeClock;
  readonly calls: string[];
  readonly logs: Record<string, unknown>[];
  readonly outcomes: ReconcileOutcome[];
  readonly controller: ReturnType<typeof runController>;
  /** Resolves once the reconciler has been called `n` times in all. */
  calledTimes(n: number): Promise<void>;
  /** Lets pending promise callbacks and I/O callbacks run. */
  settle(): Promise<void>;
}

function harness(behaviour: Behaviour, workers = 1): Harness {
  const clock = new FakeClock();
  const calls: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const outcomes: ReconcileOutcome[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const controller = runController({
    name: 'test',
    logger,
    workers,
    clock,
    reconciler: {
      reconcile(key, ctx) {
        calls.push(key);
        for (const waiter of waiters.filter((w) => w.n <= calls.length)) waiter.resolve();
        return behaviour(key, ctx);
      },
    },
    metrics: {
      observeReconcile: (_name, outcome) => outcomes.push(outcome),
      trackQueue: () => undefined,
      untrackQueue: () => undefined,
    },
  });
  return {
    clock,
    calls,
    logs,
    outcomes,
    controller,
    calledTimes: (n) =>
      n <= calls.length
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ n, resolve })),
    settle: () => new Promise((resolve) => setImmediate(resolve)),
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('runController', () => {
  it('reconciles every added key once, coalescing adds made while it waited', async () => {
    const gate = deferred();
    const h = harness((key) => (key === 'ns/busy' ? gate.promise : Promise.resolve()));
    h.controller.queue.add('ns/busy');
    await h.calledTimes(1);
    h.controller.queue.add('ns/a');
    h.controller.queue.add('ns/b');
    h.controller.queue.add('ns/a');
    gate.resolve();
    await h.calledTimes(3);
    await h.settle();
    expect(h.calls).toEqual(['ns/busy', 'ns/a', 'ns/b']);
    expect(h.outcomes).toEqual(['success', 'success', 'success']);
    await h.controller.stop();
  });

  it('gives each reconcile a child logger with the controller, the key and a fresh reconcileID', async () => {
    const h = harness((_key, ctx) => {
      ctx.logger.info('inside');
      return Promise.resolve();
    });
    h.controller.queue.add('ns/a');
    await h.calledTimes(1);
    h.controller.queue.add('ns/a');
    await h.calledTimes(2);
    await h.controller.stop();
    const inside = h.logs.filter((l) => l.msg === 'inside');
    expect(inside).toHaveLength(2);
    expect(inside[0]).toMatchObject({ controller: 'test', key: 'ns/a' });
    expect(inside[0]?.reconcileID).toEqual(expect.any(String));
    expect(inside[0]?.reconcileID).not.toBe(inside[1]?.reconcileID);
  });

  it('never reconciles one key twice at once, and runs it again when it was added meanwhile', async () => {
    const gate = deferred();
    let running = 0;
    let maxRunning = 0;
    const h = harness(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await gate.promise;
      running--;
    }, 4);
    h.controller.queue.add('ns/a');
    await h.calledTimes(1);
    h.controller.queue.add('ns/a');
    h.controller.queue.add('ns/a');
    await h.settle();
    expect(h.calls).toEqual(['ns/a']);
    gate.resolve();
    await h.calledTimes(2);
    await h.controller.stop();
    expect(maxRunning).toBe(1);
    expect(h.calls).toEqual(['ns/a', 'ns/a']);
  });

  it('reconciles different keys concurrently with several workers', async () => {
    const gate = deferred();
    const h = harness(() => gate.promise, 2);
    h.controller.queue.add('ns/a');
    h.controller.queue.add('ns/b');
    await h.calledTimes(2);
    expect(h.calls).toEqual(['ns/a', 'ns/b']);
    gate.resolve();
    await h.controller.stop();
  });

  it('retries a transient error with growing backoff, and forgets the key once it succeeds', async () => {
    let failures = 2;
    const h = harness(() =>
      failures-- > 0 ? Promise.reject(new Error('conflict')) : Promise.resolve(),
    );
    h.controller.queue.add('ns/a');
    await h.calledTimes(1);
    await h.settle();
    h.clock.advance(4);
    await h.settle();
    expect(h.calls).toHaveLength(1);
    h.clock.advance(1);
    await h.calledTimes(2);
    await h.settle();
    h.clock.advance(9);
    await h.settle();
    expect(h.calls).toHaveLength(2);
    h.clock.advance(1);
    await h.calledTimes(3);
    await h.settle();
    expect(h.outcomes).toEqual(['error', 'error', 'success']);
    expect(h.controller.queue.numRequeues('ns/a')).toBe(0);
    const warning = h.logs.find((l) => l.msg === 'reconcile failed; retrying with backoff');
    expect(warning).toMatchObject({ key: 'ns/a', retries: 0, retryInMs: 5 });
    expect(warning?.err).toMatchObject({ message: 'conflict' });
    await h.controller.stop();
  });

  it('does not retry a TerminalError, and logs it as an error', async () => {
    const h = harness(() => Promise.reject(new TerminalError('spec.size: must be positive')));
    h.controller.queue.add('ns/a');
    await h.calledTimes(1);
    await h.settle();
    h.clock.advance(10_000_000);
    await h.settle();
    expect(h.calls).toHaveLength(1);
    expect(h.outcomes).toEqual(['terminal']);
    expect(h.clock.pendingTimers).toBe(0);
    const line = h.logs.find((l) => l.level === 50);
    expect(line).toMatchObject({ key: 'ns/a', err: { message: 'spec.size: must be positive' } });
    await h.controller.stop();
  });

  it('checks a key again after requeueAfterMs, and not before', async () => {
    let first = true;
    const h = harness(() => {
      const result = first ? { requeueAfterMs: 30_000 } : undefined;
      first = false;
      return Promise.resolve(result);
    });
    h.controller.queue.add('ns/a');
    await h.calledTimes(1);
    await h.settle();
    h.clock.advance(29_999);
    await h.settle();
    expect(h.calls).toHaveLength(1);
    h.clock.advance(1);
    await h.calledTimes(2);
    await h.settle();
    expect(h.outcomes).toEqual(['requeue_after', 'success']);
    await h.controller.stop();
  });

  it('resets the backoff of a key whose reconcile asks to be requeued', async () => {
    let failed = false;
    const h = harness(() => {
      if (failed) return Promise.resolve({ requeueAfterMs: 1_000 });
      failed = true;
      return Promise.reject(new Error('transient'));
    });
    h.controller.queue.add('ns/a');
    await h.calledTimes(1);
    await h.settle();
    expect(h.controller.queue.numRequeues('ns/a')).toBe(1);
    h.clock.advance(5);
    await h.calledTimes(2);
    await h.settle();
    expect(h.controller.queue.numRequeues('ns/a')).toBe(0);
    await h.controller.stop();
  });

  it('stop() aborts the signal, waits for reconciles in flight and starts no more', async () => {
    const gate = deferred();
    let aborted = false;
    const h = harness(async (_key, ctx) => {
      await gate.promise;
      aborted = ctx.signal.aborted;
    });
    h.controller.queue.add('ns/a');
    await h.calledTimes(1);
    h.controller.queue.add('ns/b');
    let stopped = false;
    const stopping = h.controller.stop().then(() => (stopped = true));
    await h.settle();
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(aborted).toBe(true);
    expect(h.calls).toEqual(['ns/a']);
    h.controller.queue.add('ns/c');
    await h.settle();
    expect(h.calls).toEqual(['ns/a']);
  });
});
