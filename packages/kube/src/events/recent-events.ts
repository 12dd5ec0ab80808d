/** Where an Event was written and how often it has been seen. */
export interface RecentEvent {
  readonly namespace: string;
  readonly name: string;
  readonly count: number;
  /** When it was last seen (ms since the epoch). */
  readonly lastSeenMs: number;
}

/**
 * A bounded, least-recently-used map of the Events written lately, by aggregate key, so that a
 * repeat can bump the count of the Event it repeats. Memory stays bounded by `capacity`.
 */
export class RecentEvents {
  readonly #capacity: number;
  readonly #entries = new Map<string, RecentEvent>();

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry of `key` if it was seen within `windowMs` before `nowMs` (and marks it recently used). */
  lookup(key: string, nowMs: number, windowMs: number): RecentEvent | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (nowMs - entry.lastSeenMs > windowMs) return undefined;
    this.#entries.set(key, entry);
    return entry;
  }

  /** Stores `entry` under `key`, evicting the least recently used entry beyond the capacity. */
  remember(key: string, entry: RecentEvent): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  /** Forgets `key` (its Event is gone). */
  forget(key: string): void {
    this.#entries.delete(key);
  }
}
