import { realClock, type Clock, type ClockTimer } from './clock.ts';

/** Options of a {@link WorkQueue}; every field has client-go's default. */
export interface WorkQueueOptions {
  /** The time source for delays and backoff; the wall clock by default. */
  readonly clock?: Clock;
  /** The first rate-limited delay of a key, doubled on every further failure (5 ms). */
  readonly baseDelayMs?: number;
  /** The cap of a key's rate-limited delay (1000 s). */
  readonly maxDelayMs?: number;
}

interface DelayedAdd {
  readonly at: number;
  readonly timer: ClockTimer;
}

/**
 * A keyed work queue with client-go's semantics. A key is queued at most once (adds coalesce)
 * and handed to one worker at a time: a key added while it is being processed is marked dirty
 * and queued again when the worker calls {@link WorkQueue.done}. Delayed adds keep the earliest
 * deadline; rate-limited adds back off exponentially per key until {@link WorkQueue.forget}.
 */
export class WorkQueue<K = string> {
  readonly #clock: Clock;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  /** Ready keys, in order. */
  readonly #ready: K[] = [];
  /** Keys that need processing: queued, or re-added while processing. */
  readonly #dirty = new Set<K>();
  readonly #processing = new Set<K>();
  readonly #delayed = new Map<K, DelayedAdd>();
  readonly #failures = new Map<K, number>();
  readonly #waiters: ((key: K | undefined) => void)[] = [];
  #shuttingDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.#clock = options.clock ?? realClock;
    this.#baseDelayMs = options.baseDelayMs ?? 5;
    this.#maxDelayMs = options.maxDelayMs ?? 1_000_000;
  }

  /** How many keys are ready to be handed out (not counting delayed or in-flight keys). */
  get length(): number {
    return this.#ready.length;
  }

  /** Whether {@link WorkQueue.shutDown} was called. */
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Queues `key` now; a no-op if it is already queued, deferred to `done()` if in flight. */
  add(key: K): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    this.#handOut(key);
  }

  /** Queues `key` after `ms` milliseconds; an earlier pending deadline for the key wins. */
  addAfter(key: K, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.#clock.now() + ms;
    const pending = this.#delayed.get(key);
    if (pending && pending.at <= at) return;
    pending?.timer.cancel();
    const timer = this.#clock.setTimer(() => {
      this.#delayed.delete(key);
      this.add(key);
    }, ms);
    this.#delayed.set(key, { at, timer });
  }

  /** Queues `key` after its backoff (base × 2^failures, capped) and counts one more failure. */
  addRateLimited(key: K): void {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    this.addAfter(key, this.backoffDelay(failures));
  }

  /** The delay the `failures`-th consecutive rate-limited add of a key waits. */
  backoffDelay(failures: number): number {
    return Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.min(failures, 62));
  }

  /** Resets the failure count of `key`, so its next rate-limited add starts from the base delay. */
  forget(key: K): void {
    this.#failures.delete(key);
  }

  /** How many consecutive rate-limited adds `key` has had since it was last forgotten. */
  numRequeues(key: K): number {
    return this.#failures.get(key) ?? 0;
  }

  /**
   * Waits for the next ready key and marks it in flight; the caller must call `done(key)`.
   * Resolves with `undefined` once the queue is shut down.
   */
  get(): Promise<K | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    const key = this.#ready.shift();
    if (key !== undefined) return Promise.resolve(this.#take(key));
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
    });
  }

  /** Marks `key` as no longer in flight, queueing it again if it was added meanwhile. */
  done(key: K): void {
    if (!this.#processing.delete(key)) return;
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#handOut(key);
  }

  /**
   * Stops handing out keys: pending and future `get()` calls resolve with `undefined`, adds are
   * ignored and delayed adds are cancelled. Keys in flight finish normally.
   */
  shutDown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const { timer } of this.#delayed.values()) timer.cancel();
    this.#delayed.clear();
    this.#ready.length = 0;
    this.#dirty.clear();
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }

  #handOut(key: K): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(this.#take(key));
    else this.#ready.push(key);
  }

  #take(key: K): K {
    this.#dirty.delete(key);
    this.#processing.add(key);
    return key;
  }
}
