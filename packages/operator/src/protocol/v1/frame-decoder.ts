import { ProtocolError } from './protocol-error.ts';

/** Default largest frame body, in bytes (16 MiB): enough for a screenshot or a large VMI. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

const headerBytes = 4;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes one message as a frame: a 4-byte big-endian body length, then the body as UTF-8
 * JSON. Throws a `FrameTooLarge` {@link ProtocolError} when the body exceeds `maxFrameBytes`.
 */
export function encodeFrame(message: unknown, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > maxFrameBytes) {
    throw new ProtocolError(
      'FrameTooLarge',
      `a message of ${body.length} bytes exceeds the frame limit of ${maxFrameBytes} bytes`,
    );
  }
  const header = Buffer.alloc(headerBytes);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/**
 * Splits a byte stream into frames and parses each body as JSON, whatever the chunking. After
 * the first error (an oversized frame, a body that is not UTF-8 JSON) the stream cannot be
 * trusted: every later `push` throws the same error.
 */
export class FrameDecoder {
  readonly #maxFrameBytes: number;
  readonly #chunks: Buffer[] = [];
  #buffered = 0;
  #bodyBytes: number | undefined;
  #failure: ProtocolError | undefined;

  constructor(options: { maxFrameBytes?: number } = {}) {
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Adds bytes; returns the messages of every frame they complete, in order. */
  push(chunk: Uint8Array): unknown[] {
    if (this.#failure !== undefined) throw this.#failure;
    this.#chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.#buffered += chunk.byteLength;
    const messages: unknown[] = [];
    try {
      for (let body = this.#nextBody(); body !== undefined; body = this.#nextBody()) {
        messages.push(parseBody(body));
      }
    } catch (error) {
      this.#failure = error as ProtocolError;
      throw error;
    }
    return messages;
  }

  #nextBody(): Buffer | undefined {
    if (this.#bodyBytes === undefined) {
      if (this.#buffered < headerBytes) return undefined;
      const length = this.#take(headerBytes).readUInt32BE(0);
      if (length > this.#maxFrameBytes) {
        throw new ProtocolError(
          'FrameTooLarge',
          `the peer sent a frame of ${length} bytes; the limit is ${this.#maxFrameBytes} bytes`,
        );
      }
      this.#bodyBytes = length;
    }
    if (this.#buffered < this.#bodyBytes) return undefined;
    const body = this.#take(this.#bodyBytes);
    this.#bodyBytes = undefined;
    return body;
  }

  /** Removes and returns the first `count` buffered bytes (copying only across chunks). */
  #take(count: number): Buffer {
    const parts: Buffer[] = [];
    let missing = count;
    while (missing > 0) {
      const first = this.#chunks[0];
      if (first === undefined) break;
      if (first.length <= missing) {
        parts.push(first);
        this.#chunks.shift();
        missing -= first.length;
      } else {
        parts.push(first.subarray(0, missing));
        this.#chunks[0] = first.subarray(missing);
        missing = 0;
      }
    }
    this.#buffered -= count;
    return parts.length === 1 && parts[0] !== undefined ? parts[0] : Buffer.concat(parts, count);
  }
}

function parseBody(body: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new ProtocolError('InvalidFrame', 'a frame body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ProtocolError('InvalidFrame', `a frame body is not JSON: ${detail}`);
  }
}
