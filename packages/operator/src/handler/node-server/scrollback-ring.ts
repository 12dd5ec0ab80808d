/**
 * The last `capacity` bytes of a byte stream (a serial console's recent output), replayed to a
 * viewer that joins late. Appending is O(chunk); old bytes are overwritten in place.
 */
export class ScrollbackRing {
  readonly capacity: number;
  readonly #buffer: Buffer;
  /** Where the next byte goes. */
  #end = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(
        `scrollback capacity must be a positive integer, got ${String(capacity)}`,
      );
    }
    this.capacity = capacity;
    this.#buffer = Buffer.alloc(capacity);
  }

  /** How many bytes it holds (at most `capacity`). */
  get size(): number {
    return this.#size;
  }

  /** Appends `chunk`, dropping the oldest bytes beyond the capacity. */
  push(chunk: Uint8Array): void {
    const kept =
      chunk.length > this.capacity ? chunk.subarray(chunk.length - this.capacity) : chunk;
    const first = Math.min(kept.length, this.capacity - this.#end);
    this.#buffer.set(kept.subarray(0, first), this.#end);
    this.#buffer.set(kept.subarray(first), 0);
    this.#end = (this.#end + kept.length) % this.capacity;
    this.#size = Math.min(this.capacity, this.#size + kept.length);
  }

  /** The bytes it holds, oldest first (a copy). */
  contents(): Buffer {
    const start = (this.#end - this.#size + this.capacity) % this.capacity;
    if (start + this.#size <= this.capacity) {
      return Buffer.from(this.#buffer.subarray(start, start + this.#size));
    }
    return Buffer.concat([this.#buffer.subarray(start), this.#buffer.subarray(0, this.#end)]);
  }
}
