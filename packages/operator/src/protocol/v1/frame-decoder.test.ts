import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from './frame-decoder.ts';
import { ProtocolError } from './protocol-error.ts';

const messages: unknown[] = [
  { protocol: 'podvisor.launcher/v1', role: 'handler' },
  { id: 1, method: 'Ping', params: {} },
  { id: 1, result: { text: 'zß水🐧', nested: [1, 2, { deep: null }] } },
  { event: 'LauncherExiting', data: { reason: 'x'.repeat(20_000) } },
  [],
  'a bare string',
  0,
];
const stream = Buffer.concat(messages.map((message) => encodeFrame(message)));

/** Splits `bytes` into chunks of the given sizes, cycling through them. */
function chunked(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0, index = 0; offset < bytes.length; index++) {
    const size = sizes[index % sizes.length] ?? 1;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Deterministic pseudo-random chunk sizes in 1..max (a linear congruential generator). */
function randomSizes(seed: number, count: number, max: number): number[] {
  const sizes: number[] = [];
  let state = seed;
  for (let index = 0; index < count; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    sizes.push(1 + (state % max));
  }
  return sizes;
}

function decodeAll(chunks: readonly Buffer[], maxFrameBytes?: number): unknown[] {
  const decoder = new FrameDecoder(maxFrameBytes === undefined ? {} : { maxFrameBytes });
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

function frameWithBody(body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

describe('encodeFrame', () => {
  it('writes a 4-byte big-endian length, then the UTF-8 JSON body', () => {
    const frame = encodeFrame({ a: 'é' });
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    expect(frame.subarray(4).toString('utf8')).toBe('{"a":"é"}');
  });

  it('refuses a message larger than the frame limit', () => {
    expect(() => encodeFrame({ big: 'x'.repeat(100) }, 50)).toThrow(
      expect.objectContaining({ code: 'FrameTooLarge' }),
    );
  });
});

describe('FrameDecoder', () => {
  it.each([
    ['one chunk', [stream.length]],
    ['one byte at a time', [1]],
    ['headers split after 1, 2 and 3 bytes', [1, 2, 3]],
    ['odd small chunks', [5, 7, 11, 13]],
    ['chunks of a frame and a bit', [40, 3000]],
    ['socket-sized chunks', [65_536]],
    ['pseudo-random chunks (seed 1)', randomSizes(1, 64, 97)],
    ['pseudo-random chunks (seed 42)', randomSizes(42, 64, 9000)],
  ])('decodes every message whatever the chunking: %s', (_name, sizes) => {
    expect(decodeAll(chunked(stream, sizes))).toEqual(messages);
  });

  it('returns nothing until a frame is complete, then the whole frame', () => {
    const decoder = new FrameDecoder();
    const frame = encodeFrame({ hello: 'world' });
    expect(decoder.push(frame.subarray(0, 6))).toEqual([]);
    expect(decoder.push(frame.subarray(6))).toEqual([{ hello: 'world' }]);
  });

  it('refuses an oversized frame from its header alone, before the body arrives', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 1024 });
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1025, 0);
    expect(() => decoder.push(header)).toThrow(/frame of 1025 bytes; the limit is 1024 bytes/);
  });

  it('accepts a frame of exactly the limit', () => {
    const body = Buffer.from(JSON.stringify('y'.repeat(98)));
    expect(body.length).toBe(100);
    expect(decodeAll([frameWithBody(body)], 100)).toEqual(['y'.repeat(98)]);
  });

  it.each([
    ['not JSON', Buffer.from('{"a":'), /not JSON/],
    ['empty', Buffer.alloc(0), /not JSON/],
    ['invalid UTF-8', Buffer.from([0x22, 0xff, 0xfe, 0x22]), /not valid UTF-8/],
  ])('refuses a body that is %s', (_name, body, message) => {
    expect(() => decodeAll([frameWithBody(body)])).toThrow(
      expect.objectContaining({
        code: 'InvalidFrame',
        message: expect.stringMatching(message) as unknown,
      }),
    );
  });

  it('keeps refusing after an error, even valid frames', () => {
    const decoder = new FrameDecoder();
    expect(() => decoder.push(frameWithBody(Buffer.from('nope')))).toThrow(ProtocolError);
    expect(() => decoder.push(encodeFrame({ fine: true }))).toThrow(/not JSON/);
  });
});
