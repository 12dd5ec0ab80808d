import type { WatchEvent } from './watch-event.ts';

/** Receives the events of one watch. */
export type WatchListener = (event: WatchEvent) => void;

/** Called when a listener throws; the error never reaches the writer or other listeners. */
export type ListenerErrorHandler = (error: unknown, event: WatchEvent) => void;

interface Watcher {
  readonly prefix: string;
  readonly listener: WatchListener;
  /** The newest revision this watcher has seen or skipped; later events only. */
  lastRevision: number;
  active: boolean;
}

/**
 * Fans committed events out to watchers, by key prefix, in revision order. A write made by a
 * listener is queued and delivered once the current event has reached every watcher, so each
 * watcher sees revisions strictly increasing.
 */
export class WatchHub {
  readonly #watchers = new Set<Watcher>();
  readonly #onListenerError: ListenerErrorHandler;
  #queue: WatchEvent[] = [];
  #dispatching = false;

  constructor(onListenerError: ListenerErrorHandler) {
    this.#onListenerError = onListenerError;
  }

  /** Number of active watchers. */
  get size(): number {
    return this.#watchers.size;
  }

  /**
   * Adds a watcher: first delivers the `replay` events under `prefix` (those after
   * `fromRevision`, oldest first), then every published event. Returns the unsubscribe function.
   */
  subscribe(
    watch: { prefix: string; fromRevision: number; replay: readonly WatchEvent[] },
    listener: WatchListener,
  ): () => void {
    const watcher: Watcher = {
      prefix: watch.prefix,
      listener,
      lastRevision: watch.fromRevision,
      active: true,
    };
    const nested = this.#dispatching;
    this.#dispatching = true;
    try {
      for (const event of watch.replay) {
        this.#deliver(watcher, event);
      }
      this.#watchers.add(watcher);
    } finally {
      if (!nested) {
        this.#drain();
      }
    }
    return () => {
      watcher.active = false;
      this.#watchers.delete(watcher);
    };
  }

  /** Delivers an event to every matching watcher (after the events already queued). */
  publish(event: WatchEvent): void {
    this.#queue.push(event);
    if (!this.#dispatching) {
      this.#drain();
    }
  }

  /** Drops every watcher; later events reach nobody. */
  clear(): void {
    for (const watcher of this.#watchers) {
      watcher.active = false;
    }
    this.#watchers.clear();
  }

  #drain(): void {
    this.#dispatching = true;
    try {
      for (let index = 0; index < this.#queue.length; index += 1) {
        const event = this.#queue[index];
        if (event !== undefined) {
          this.#deliverToAll(event);
        }
      }
    } finally {
      this.#queue = [];
      this.#dispatching = false;
    }
  }

  #deliverToAll(event: WatchEvent): void {
    // A Set visits watchers added during the loop too; lastRevision stops repeats.
    for (const watcher of this.#watchers) {
      this.#deliver(watcher, event);
    }
  }

  #deliver(watcher: Watcher, event: WatchEvent): void {
    if (!watcher.active || event.revision <= watcher.lastRevision) {
      return;
    }
    watcher.lastRevision = event.revision;
    if (!event.key.startsWith(watcher.prefix)) {
      return;
    }
    try {
      watcher.listener(event);
    } catch (error) {
      this.#reportListenerError(error, event);
    }
  }

  #reportListenerError(error: unknown, event: WatchEvent): void {
    try {
      this.#onListenerError(error, event);
    } catch {
      // The error handler failed as well; nothing is left to tell.
    }
  }
}
