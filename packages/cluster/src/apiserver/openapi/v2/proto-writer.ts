/** Wire types used by the writer. */
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;

const utf8 = new TextEncoder();

/**
 * A protobuf writer into one growing buffer. Nested messages are opened with `begin` and
 * closed with `end`: `begin` leaves one byte for the length, and `end` writes it, moving the
 * message's bytes when the length needs a longer varint. Encoding a large document thus makes
 * no garbage but the buffer itself.
 */
export class ProtoWriter {
  #buffer = new Uint8Array(4096);
  #position = 0;
  readonly #open: number[] = [];

  /** A varint field (wire type 0): a bool, or an int64 (negative as 64-bit two's complement). */
  varint(no: number, value: bigint | number | boolean): void {
    this.#key(no, WIRE_VARINT);
    this.#varint(typeof value === 'boolean' ? (value ? 1 : 0) : value);
  }

  /** A double field (wire type 1, eight bytes little-endian). */
  double(no: number, value: number): void {
    this.#key(no, WIRE_FIXED64);
    this.#reserve(8);
    new DataView(this.#buffer.buffer).setFloat64(this.#position, value, true);
    this.#position += 8;
  }

  /** A string field (wire type 2, UTF-8). */
  string(no: number, value: string): void {
    this.begin(no);
    // At most three UTF-8 bytes per UTF-16 unit.
    this.#reserve(value.length * 3);
    const { written } = utf8.encodeInto(value, this.#buffer.subarray(this.#position));
    this.#position += written;
    this.end();
  }

  /** Opens a nested message (or any length-delimited field) as field `no`. */
  begin(no: number): void {
    this.#key(no, WIRE_BYTES);
    this.#reserve(1);
    this.#position++;
    this.#open.push(this.#position);
  }

  /** Closes the message opened last, writing its length before it. */
  end(): void {
    const start = this.#open.pop();
    if (start === undefined) throw new Error('ProtoWriter.end without begin');
    const length = this.#position - start;
    if (length < 0x80) {
      this.#buffer[start - 1] = length;
      return;
    }
    const size = varintSize(length);
    this.#reserve(size - 1);
    this.#buffer.copyWithin(start - 1 + size, start, this.#position);
    this.#position += size - 1;
    let rest = length;
    for (let at = start - 1; rest > 0x7f; at++) {
      this.#buffer[at] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.#buffer[start - 2 + size] = rest;
  }

  /** The bytes written; every `begin` must have been closed. */
  finish(): Uint8Array {
    if (this.#open.length > 0) throw new Error('ProtoWriter.finish with an open message');
    return this.#buffer.slice(0, this.#position);
  }

  #key(no: number, wireType: number): void {
    this.#varint(no * 8 + wireType);
  }

  #varint(value: bigint | number): void {
    this.#reserve(10);
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff) {
      let rest = value;
      while (rest > 0x7f) {
        this.#buffer[this.#position++] = (rest & 0x7f) | 0x80;
        rest >>>= 7;
      }
      this.#buffer[this.#position++] = rest;
      return;
    }
    let rest = BigInt.asUintN(64, BigInt(value));
    do {
      const low = Number(rest & 0x7fn);
      rest >>= 7n;
      this.#buffer[this.#position++] = rest === 0n ? low : low | 0x80;
    } while (rest !== 0n);
  }

  #reserve(bytes: number): void {
    const needed = this.#position + bytes;
    if (needed <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(this.#buffer.length * 2, needed));
    grown.set(this.#buffer.subarray(0, this.#position));
    this.#buffer = grown;
  }
}

/** The number of bytes of a length's varint (lengths stay below 2^31). */
function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest > 0x7f; rest >>>= 7) size++;
  return size;
}
