import type { WatchEvent } from './watch-event.ts';

/**
 * The last `capacity` watch events, in revision order, in a ring buffer. It also remembers the
 * newest retained event per key, so a write can reuse the already-parsed previous object.
 */
export class EventHistory {
  readonly #capacity: number;
  readonly #ring: (WatchEvent | undefined)[];
  readonly #latestByKey = new Map<string, WatchEvent>();
  #head = 0;
  #size = 0;
  #lastRevision: number;

  /** `lastRevision` is the store's revision before any event is appended. */
  constructor(capacity: number, lastRevision: number) {
    this.#capacity = capacity;
    this.#ring = new Array<WatchEvent | undefined>(capacity).fill(undefined);
    this.#lastRevision = lastRevision;
  }

  /** Number of retained events. */
  get size(): number {
    return this.#size;
  }

  /** The oldest revision a watch can start from: every later event is retained. */
  get oldestWatchableRevision(): number {
    const oldest = this.#at(0);
    return oldest === undefined ? this.#lastRevision : oldest.revision - 1;
  }

  /** Appends an event (revisions must increase), evicting the oldest when full. */
  append(event: WatchEvent): void {
    if (this.#size === this.#capacity) {
      this.#evictOldest();
    }
    this.#ring[(this.#head + this.#size) % this.#capacity] = event;
    this.#size += 1;
    this.#latestByKey.set(event.key, event);
    this.#lastRevision = Math.max(this.#lastRevision, event.revision);
  }

  /**
   * The retained events with a revision greater than `revision`, oldest first; `undefined` when
   * some of them were already evicted.
   */
  since(revision: number): WatchEvent[] | undefined {
    if (revision < this.oldestWatchableRevision) {
      return undefined;
    }
    const events: WatchEvent[] = [];
    for (let index = this.#firstIndexAfter(revision); index < this.#size; index += 1) {
      const event = this.#at(index);
      if (event !== undefined) {
        events.push(event);
      }
    }
    return events;
  }

  /** The newest retained event for a key, if any. */
  latest(key: string): WatchEvent | undefined {
    return this.#latestByKey.get(key);
  }

  #at(index: number): WatchEvent | undefined {
    return index < this.#size ? this.#ring[(this.#head + index) % this.#capacity] : undefined;
  }

  /** Binary search: the position of the first retained event with a revision above `revision`. */
  #firstIndexAfter(revision: number): number {
    let low = 0;
    let high = this.#size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#at(middle)?.revision ?? Infinity) <= revision) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  #evictOldest(): void {
    const oldest = this.#ring[this.#head];
    this.#ring[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#capacity;
    this.#size -= 1;
    if (oldest !== undefined && this.#latestByKey.get(oldest.key) === oldest) {
      this.#latestByKey.delete(oldest.key);
    }
  }
}
