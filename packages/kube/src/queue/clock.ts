/** A cancellable pending timer from a {@link Clock}. */
export interface ClockTimer {
  cancel(): void;
}

/**
 * Time as the controller runtime sees it: injected so that tests can drive delays and backoff
 * with a fake clock instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds; the timer does not keep the process alive. */
  setTimer(callback: () => void, ms: number): ClockTimer;
}

/** The wall clock, on Node's timers (unreferenced, so a pending requeue never holds the process). */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return {
      cancel() {
        clearTimeout(handle);
      },
    };
  },
};
