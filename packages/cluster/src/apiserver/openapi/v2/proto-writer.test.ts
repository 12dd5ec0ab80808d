import { describe, expect, it } from 'vitest';
import { readWireFields } from '../../protobuf/wire-reader.ts';
import { ProtoWriter } from './proto-writer.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function written(write: (writer: ProtoWriter) => void): string {
  const writer = new ProtoWriter();
  write(writer);
  return hex(writer.finish());
}

describe('ProtoWriter', () => {
  it.each([
    [0, '0800'],
    [1, '0801'],
    [127, '087f'],
    [128, '088001'],
    [300, '08ac02'],
    [2 ** 31, '088080808008'],
    [2 ** 40, '08808080808020'],
    [-1, '08ffffffffffffffffff01'],
  ])('writes the int64 %d as the varint %s', (value, expected) => {
    expect(
      written((w) => {
        w.varint(1, value);
      }),
    ).toBe(expected);
  });

  it('writes booleans as varints 1 and 0', () => {
    expect(
      written((w) => {
        w.varint(2, true);
        w.varint(3, false);
      }),
    ).toBe('10011800');
  });

  it('writes a string as a length-delimited UTF-8 field', () => {
    expect(
      written((w) => {
        w.string(1, '2.0');
        w.string(4, 'é');
      }),
    ).toBe('0a03322e302202c3a9');
  });

  it('writes a double as eight little-endian bytes', () => {
    expect(
      written((w) => {
        w.double(7, 1.5);
      }),
    ).toBe('39000000000000f83f');
  });

  it('writes field numbers above 15 with a two-byte key', () => {
    expect(
      written((w) => {
        w.string(22, 'x');
      }),
    ).toBe('b2010178');
  });

  it('prefixes nested messages with their length, at any depth', () => {
    const bytes = written((w) => {
      w.begin(9);
      w.begin(2);
      w.string(1, 'A');
      w.end();
      w.begin(3);
      w.end();
      w.end();
      w.varint(1, 5);
    });

    expect(bytes).toBe('4a0712030a01411a000805');
  });

  it.each([
    [123, '0a7f'],
    [124, '0a8001'],
    [126, '0a8301'],
    [16_380, '0a828001'],
    [70_000, '0af8a204'],
  ])('moves a nested %d-character string behind its longer length varint (%s…)', (size, head) => {
    const text = 'y'.repeat(size);
    const writer = new ProtoWriter();
    writer.begin(1);
    writer.begin(2);
    writer.string(1, text);
    writer.end();
    writer.end();
    writer.varint(3, 1);
    const bytes = writer.finish();

    const [outer, after] = readWireFields(bytes, 'outer');
    const [middle] = readWireFields(outer?.value as Uint8Array, 'middle');
    const [inner] = readWireFields(middle?.value as Uint8Array, 'inner');

    expect(hex(bytes.subarray(0, head.length / 2))).toBe(head);
    expect(new TextDecoder().decode(inner?.value as Uint8Array)).toBe(text);
    expect(after).toEqual({ no: 3, wireType: 0, value: 1n });
  });

  it('keeps many long nested strings in order while the buffer grows', () => {
    const long = 'x'.repeat(300);
    const writer = new ProtoWriter();
    for (let i = 0; i < 50; i++) {
      writer.begin(2);
      writer.string(1, `${i}:${long}`);
      writer.end();
    }

    const fields = readWireFields(writer.finish(), 'outer');

    expect(fields).toHaveLength(50);
    fields.forEach((field, i) => {
      const [text] = readWireFields(field.value as Uint8Array, 'child');
      expect(new TextDecoder().decode(text?.value as Uint8Array)).toBe(`${i}:${long}`);
    });
  });

  it('refuses to finish with a message still open', () => {
    const writer = new ProtoWriter();
    writer.begin(1);

    expect(() => writer.finish()).toThrow('open message');
  });
});
