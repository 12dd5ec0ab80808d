import { Duplex } from 'node:stream';
import { createHeaderCodec, type HeaderCodec } from './header-codec.ts';

/** SPDY/3 control frame types used here. */
const frameType = {
  synStream: 1,
  synReply: 2,
  rstStream: 3,
  ping: 6,
  goAway: 7,
  windowUpdate: 9,
} as const;
const flagFin = 0x01;
const version = 3;
const maxDataFrame = 0xffff;
/** RST_STREAM status codes. */
const rstCancel = 5;

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | version, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(payload.length, 4);
  head[4] = flags;
  return Buffer.concat([head, payload]);
}

function dataFrame(streamId: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(payload.length, 4);
  head[4] = flags;
  return Buffer.concat([head, payload]);
}

function uint32s(...values: number[]): Buffer {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buffer.writeUInt32BE(v >>> 0, i * 4));
  return buffer;
}

/** One SPDY stream opened by the peer: a Duplex of its DATA frames, with the SYN_STREAM headers. */
export class SpdyStream extends Duplex {
  readonly id: number;
  readonly headers: ReadonlyMap<string, string>;
  private readonly session: SpdySession;

  constructor(session: SpdySession, id: number, headers: ReadonlyMap<string, string>) {
    super({ allowHalfOpen: true });
    this.session = session;
    this.id = id;
    this.headers = headers;
  }

  /** Accepts the stream (SYN_REPLY); must come before any data is written. */
  reply(): void {
    this.session.send(async (codec) => {
      const block = await codec.encode(new Map());
      return controlFrame(frameType.synReply, 0, Buffer.concat([uint32s(this.id), block]));
    });
  }

  override _read(): void {
    // Data is pushed as frames arrive.
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error) => void,
  ): void {
    for (let at = 0; at < chunk.length; at += maxDataFrame)
      this.session.sendRaw(dataFrame(this.id, 0, chunk.subarray(at, at + maxDataFrame)));
    this.session.flushed().then(() => {
      callback();
    }, callback);
  }

  override _final(callback: (error?: Error) => void): void {
    this.session.sendRaw(dataFrame(this.id, flagFin, Buffer.alloc(0)));
    this.session.flushed().then(() => {
      callback();
    }, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.writableFinished || !this.readableEnded) this.session.reset(this.id);
    this.session.forget(this.id);
    callback(error);
  }
}

/**
 * The server side of a SPDY/3.1 session as kubectl's spdystream speaks it, over any byte stream (a
 * raw upgraded socket, or a websocket tunnel): parses frames, answers PING, acknowledges data with
 * WINDOW_UPDATE, and hands each SYN_STREAM to `onStream` as a {@link SpdyStream}.
 */
export class SpdySession {
  private readonly transport: Duplex;
  private readonly codec: HeaderCodec = createHeaderCodec();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly onStream: (stream: SpdyStream) => void;
  private buffered: Buffer = Buffer.alloc(0);
  private incoming: Promise<void> = Promise.resolve();
  private outgoing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(transport: Duplex, onStream: (stream: SpdyStream) => void) {
    this.transport = transport;
    this.onStream = onStream;
    transport.on('data', (chunk: Buffer) => {
      this.receive(chunk);
    });
    transport.on('error', () => {
      this.close();
    });
    transport.on('close', () => {
      this.close();
    });
    transport.on('end', () => {
      this.close();
    });
  }

  /** Queues a frame built asynchronously (header compression), keeping frame order. */
  send(build: (codec: HeaderCodec) => Promise<Buffer>): void {
    this.outgoing = this.outgoing.then(async () => {
      const frame = await build(this.codec);
      if (!this.closed) this.transport.write(frame);
    });
    this.outgoing.catch(() => {
      this.close();
    });
  }

  /** Queues a ready frame after those already queued. */
  sendRaw(frame: Buffer): void {
    this.send(() => Promise.resolve(frame));
  }

  /** Resolves once every queued frame has been handed to the transport. */
  flushed(): Promise<void> {
    return this.outgoing;
  }

  reset(streamId: number): void {
    if (!this.closed)
      this.sendRaw(controlFrame(frameType.rstStream, 0, uint32s(streamId, rstCancel)));
  }

  forget(streamId: number): void {
    this.streams.delete(streamId);
  }

  /** Ends the session: every stream is destroyed and the transport closed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.destroy();
    this.streams.clear();
    this.codec.close();
    this.transport.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 8) {
      const length = this.buffered.readUInt32BE(4) & 0xffffff;
      if (this.buffered.length < 8 + length) return;
      const frame = this.buffered.subarray(0, 8 + length);
      this.buffered = this.buffered.subarray(8 + length);
      this.incoming = this.incoming.then(() => this.handle(frame));
      this.incoming.catch(() => {
        this.close();
      });
    }
  }

  private async handle(frame: Buffer): Promise<void> {
    const flags = frame[4] ?? 0;
    const payload = frame.subarray(8);
    if (((frame[0] ?? 0) & 0x80) === 0) {
      this.handleData(frame.readUInt32BE(0) & 0x7fffffff, flags, payload);
      return;
    }
    switch (frame.readUInt16BE(2)) {
      case frameType.synStream:
        await this.handleSynStream(flags, payload);
        return;
      case frameType.rstStream:
        this.streams.get(payload.readUInt32BE(0) & 0x7fffffff)?.destroy();
        return;
      case frameType.ping:
        this.sendRaw(Buffer.from(frame));
        return;
      case frameType.goAway:
        this.close();
        return;
      default:
        return;
    }
  }

  private async handleSynStream(flags: number, payload: Buffer): Promise<void> {
    const id = payload.readUInt32BE(0) & 0x7fffffff;
    const headers = await this.codec.decode(payload.subarray(10));
    const stream = new SpdyStream(this, id, headers);
    this.streams.set(id, stream);
    if ((flags & flagFin) !== 0) stream.push(null);
    this.onStream(stream);
  }

  private handleData(id: number, flags: number, payload: Buffer): void {
    const stream = this.streams.get(id);
    if (stream === undefined) return;
    if (payload.length > 0) {
      stream.push(payload);
      this.sendRaw(controlFrame(frameType.windowUpdate, 0, uint32s(id, payload.length)));
    }
    if ((flags & flagFin) !== 0) stream.push(null);
  }
}
