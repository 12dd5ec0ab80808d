import { describe, expect, it } from 'vitest';
import { StatusError } from '../status-error.ts';
import { bytesField, concatBytes, varint, varintField } from './wire-encoder.ts';
import { readVarint, readWireFields } from './wire-reader.ts';

function caught(action: () => unknown): StatusError {
  try {
    action();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

describe('readVarint', () => {
  it.each([
    [0n, [0x00]],
    [1n, [0x01]],
    [300n, [0xac, 0x02]],
    [2n ** 64n - 1n, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
  ])('reads %s', (expected, bytes) => {
    expect(readVarint(Uint8Array.from(bytes), 0, '')).toEqual({
      value: expected,
      next: bytes.length,
    });
  });

  it('round-trips what the test encoder writes, negative numbers included', () => {
    for (const value of [0, 127, 128, 16384, 2 ** 31 - 1, -1, -(2 ** 31)]) {
      expect(BigInt.asIntN(64, readVarint(varint(value), 0, '').value)).toBe(BigInt(value));
    }
  });

  it.each([
    ['truncated', [0x80, 0x80], 'truncated varint at byte 0'],
    ['longer than 10 bytes', Array<number>(11).fill(0x80), 'varint longer than 10 bytes'],
  ])('rejects a %s varint with a 400', (_name, bytes, message) => {
    const error = caught(() => readVarint(Uint8Array.from(bytes), 0, 'spec'));
    expect(error.code).toBe(400);
    expect(error.message).toContain(`spec: ${message}`);
  });
});

describe('readWireFields', () => {
  it('returns every field in wire order, with unknown wire types 1 and 5 as raw bytes', () => {
    const bytes = concatBytes(
      varintField(1, 7),
      bytesField(2, 'hi'),
      Uint8Array.from([(3 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8]),
      Uint8Array.from([(4 << 3) | 5, 9, 9, 9, 9]),
      varintField(1, 8),
    );
    const fields = readWireFields(bytes, '');
    expect(fields.map((f) => [f.no, f.wireType])).toEqual([
      [1, 0],
      [2, 2],
      [3, 1],
      [4, 5],
      [1, 0],
    ]);
    expect(fields[1]?.value).toEqual(new TextEncoder().encode('hi'));
  });

  it('reads an empty message as no fields', () => {
    expect(readWireFields(new Uint8Array(), '')).toEqual([]);
  });

  it.each([
    [
      'a length past the end',
      [0x12, 0x05, 0x61],
      'truncated field at byte 2: needs 5 bytes, 1 left',
    ],
    ['a truncated fixed64', [0x09, 1, 2, 3], 'truncated field'],
    ['a truncated fixed32', [0x0d, 1], 'truncated field'],
    ['field number 0', [0x00, 0x01], 'invalid field number 0'],
    ['a start-group wire type', [0x0b], 'unsupported wire type 3 for field 1'],
    ['an end-group wire type', [0x0c], 'unsupported wire type 4 for field 1'],
    ['wire type 6', [0x0e], 'unsupported wire type 6'],
    ['wire type 7', [0x0f], 'unsupported wire type 7'],
    ['a key cut short', [0x80], 'truncated varint'],
  ])('rejects %s with a 400 naming the place', (_name, bytes, message) => {
    const error = caught(() => readWireFields(Uint8Array.from(bytes), 'metadata'));
    expect(error.code).toBe(400);
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toMatch(/^unable to decode the protobuf request body: metadata: /);
    expect(error.message).toContain(message);
  });
});
