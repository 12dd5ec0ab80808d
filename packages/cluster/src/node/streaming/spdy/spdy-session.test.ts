import { connect, createServer, type Server } from 'node:net';
import { Duplex, PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeaderCodec } from './header-codec.ts';
import { spdyDictionary } from './spdy-dictionary.ts';
import { serveSpdyPortForward } from './spdy-port-forward.ts';
import { SpdySession, type SpdyStream } from './spdy-session.ts';

interface Frame {
  readonly control: boolean;
  readonly type: number;
  readonly streamId: number;
  readonly flags: number;
  readonly payload: Buffer;
}

/** The peer's side: writes frames in, and parses what the session writes out. */
function peer(): {
  transport: Duplex;
  send: (frame: Buffer) => void;
  frames: (ready: (frames: Frame[]) => boolean) => Promise<Frame[]>;
} {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const transport = Duplex.from({ readable: toServer, writable: fromServer });
  let received = Buffer.alloc(0);
  fromServer.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  const parse = (): Frame[] => {
    const out: Frame[] = [];
    for (let at = 0; at + 8 <= received.length;) {
      const length = received.readUInt32BE(at + 4) & 0xffffff;
      const control = ((received[at] ?? 0) & 0x80) !== 0;
      const payload = received.subarray(at + 8, at + 8 + length);
      out.push({
        control,
        type: control ? received.readUInt16BE(at + 2) : 0,
        streamId: control
          ? payload.length >= 4
            ? payload.readUInt32BE(0)
            : 0
          : received.readUInt32BE(at) & 0x7fffffff,
        flags: received[at + 4] ?? 0,
        payload,
      });
      at += 8 + length;
    }
    return out;
  };
  /** Waits (up to 5 s) until the frames written so far satisfy `ready`. */
  const frames = async (ready: (frames: Frame[]) => boolean): Promise<Frame[]> => {
    for (let waited = 0; !ready(parse()) && waited < 5000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    return parse();
  };
  return { transport, send: (frame) => toServer.write(frame), frames };
}

/** Builds SYN_STREAM frames with the client's own compression context (one per session). */
function synStreams(): (id: number, headers: Record<string, string>) => Promise<Buffer> {
  const codec = createHeaderCodec();
  return (id, headers) => synStream(codec, id, headers);
}

async function synStream(
  codec: ReturnType<typeof createHeaderCodec>,
  id: number,
  headers: Record<string, string>,
): Promise<Buffer> {
  const block = await codec.encode(new Map(Object.entries(headers)));
  const head = Buffer.alloc(18);
  head.writeUInt16BE(0x8003, 0);
  head.writeUInt16BE(1, 2);
  head.writeUInt32BE(10 + block.length, 4);
  head.writeUInt32BE(id, 8);
  return Buffer.concat([head, block]);
}

function dataFrame(id: number, data: string, fin = false): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(id, 0);
  head.writeUInt32BE(Buffer.byteLength(data), 4);
  head[4] = fin ? 1 : 0;
  return Buffer.concat([head, Buffer.from(data)]);
}

describe('SPDY header codec', () => {
  it('round-trips several blocks through one compression context each way', async () => {
    const sender = createHeaderCodec();
    const receiver = createHeaderCodec();
    for (const headers of [
      { streamtype: 'error', port: '80' },
      { streamtype: 'data', port: '80', requestid: '0' },
    ]) {
      const block = await sender.encode(new Map(Object.entries(headers)));
      expect(Object.fromEntries(await receiver.decode(block))).toEqual(headers);
    }
  });

  it('uses the 1423-byte SPDY/3 dictionary', () => {
    expect(spdyDictionary.length).toBe(1423);
    expect(spdyDictionary.subarray(0, 11).toString('latin1')).toBe('\0\0\0\x07options');
  });
});

describe('SpdySession', () => {
  it('hands streams over with their headers, replies, carries data both ways and answers PING', async () => {
    const { transport, send, frames } = peer();
    const synStream = synStreams();
    const streams: SpdyStream[] = [];
    new SpdySession(transport, (stream) => {
      streams.push(stream);
      stream.reply();
      stream.write('world');
    });
    send(await synStream(1, { streamtype: 'data', port: '8080' }));
    send(dataFrame(1, 'hello', true));
    const ping = Buffer.from([0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 9]);
    send(ping);
    const out = await frames((all) => all.length >= 4);
    const stream = streams[0];
    expect(stream?.headers.get('port')).toBe('8080');
    expect(String(stream?.read() as Buffer | null)).toBe('hello');
    expect(out.map((f) => [f.control, f.type, f.streamId])).toEqual([
      [true, 2, 1],
      [false, 0, 1],
      [true, 9, 1],
      [true, 6, 9],
    ]);
    expect(out[1]?.payload.toString()).toBe('world');
    expect(out[2]?.payload.readUInt32BE(4)).toBe(5);
  });
});

describe('serveSpdyPortForward', () => {
  let echo: Server;
  let port = 0;
  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const address = echo.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(() => {
    echo.close();
  });

  it('pipes a data stream to the port once its error stream has come', async () => {
    const { transport, send, frames } = peer();
    const synStream = synStreams();
    const asked: number[] = [];
    serveSpdyPortForward(transport, (target) => {
      asked.push(target);
      return connect(port, '127.0.0.1');
    });
    send(await synStream(1, { streamtype: 'error', port: '80', requestid: '0' }));
    send(await synStream(3, { streamtype: 'data', port: '80', requestid: '0' }));
    send(dataFrame(3, 'ping'));
    const isData = (f: Frame): boolean => !f.control && f.streamId === 3;
    const data = (await frames((all) => all.some(isData))).filter(isData);
    expect(asked).toEqual([80]);
    expect(Buffer.concat(data.map((f) => f.payload)).toString()).toBe('ping');
  });
});
