import type { Writable } from 'node:stream';
import { ProtocolError } from './protocol-error.ts';

function closedError(): ProtocolError {
  return new ProtocolError(
    'ConnectionClosed',
    'the connection closed before the frame was written',
  );
}

/**
 * Writes frames one at a time and respects backpressure: when `write()` returns false, later
 * frames wait for `drain`. Each write resolves once its frame is handed to the stream (and the
 * stream is below its high-water mark again); it rejects if the stream closes first.
 */
export class FrameWriter {
  readonly #stream: Writable;
  #tail: Promise<void> = Promise.resolve();

  constructor(stream: Writable) {
    this.#stream = stream;
  }

  /** Queues one encoded frame behind the frames already queued. */
  write(frame: Buffer): Promise<void> {
    const written = this.#tail.then(() => this.#writeNow(frame));
    this.#tail = written.catch(() => undefined);
    return written;
  }

  #writeNow(frame: Buffer): Promise<void> {
    const stream = this.#stream;
    if (stream.destroyed || stream.writableEnded) return Promise.reject(closedError());
    if (stream.write(frame)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        stream.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        stream.off('drain', onDrain);
        reject(closedError());
      };
      stream.once('drain', onDrain);
      stream.once('close', onClose);
    });
  }
}
