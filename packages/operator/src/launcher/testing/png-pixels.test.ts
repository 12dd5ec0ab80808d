import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, foregroundShare } from './png-pixels.ts';

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), body, Buffer.alloc(4)]);
}

/** A 4×2 RGB PNG whose rows use `filter` (the CRCs are not checked by the decoder). */
function png(rows: number[][], filter: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(rows.length, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.concat(rows.map((row) => Buffer.from([filter, ...row])));
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const black = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

describe('decodePng', () => {
  it('decodes a plain screen as all background', () => {
    const pixels = decodePng(png([black, black], 0));
    expect([pixels.width, pixels.height, pixels.channels]).toEqual([4, 2, 3]);
    expect(foregroundShare(pixels)).toBe(0);
  });

  it('finds one lit pixel of eight, through the Sub filter', () => {
    // Sub: each byte is stored as the difference to the pixel on its left.
    const lit = [0, 0, 0, 200, 200, 200, 56, 56, 56, 0, 0, 0];
    const pixels = decodePng(png([black, lit], 1));
    expect(pixels.data.subarray(12 + 3, 12 + 6)).toEqual(Buffer.from([200, 200, 200]));
    expect(pixels.data.subarray(12 + 6, 12 + 9)).toEqual(Buffer.from([0, 0, 0])); // 200 + 56 wraps to 0
    expect(foregroundShare(pixels)).toBe(1 / 8);
  });
});
