/**
 * KubeVirt's pod expectations: after creating a pod for an object (keyed by the object's UID)
 * a controller waits until its informer cache shows the pod, or a timeout passes, before it
 * acts on that object again, so a stale cache never makes it create a second pod. Used by the
 * VMI controller (launcher pods) and the migration controller (target pods).
 */
export class PodExpectations {
  readonly #createdAt = new Map<string, number>();
  readonly #timeoutMs: number;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** A pod was created for `key` at `now`. */
  created(key: string, now: number): void {
    this.#createdAt.set(key, now);
  }

  /**
   * How much longer to wait for the pod created for `key` to show up; 0 when not waiting (none
   * created, `seen` in the cache, or timed out — the expectation is then dropped).
   */
  remainingMs(key: string, seen: boolean, now: number): number {
    const at = this.#createdAt.get(key);
    if (at === undefined) return 0;
    const remaining = at + this.#timeoutMs - now;
    if (seen || remaining <= 0) {
      this.#createdAt.delete(key);
      return 0;
    }
    return remaining;
  }

  /** Forgets `key` (its object is gone). */
  forget(key: string): void {
    this.#createdAt.delete(key);
  }
}
