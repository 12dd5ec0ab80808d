import { describe, expect, it } from 'vitest';
import { StatusError } from '../status-error.ts';
import { decodeMessage } from './decode-message.ts';
import {
  inline,
  list,
  listOrNull,
  map,
  message,
  nullable,
  opt,
  ptr,
  req,
} from './message-schema.ts';
import {
  bytesField,
  concatBytes,
  mapEntry,
  messageField,
  varint,
  varintField,
} from './wire-encoder.ts';

const inner = message('Inner', { a: opt(1, 'string'), b: opt(2, 'int32') });

const schema = message('Test', {
  str: opt(1, 'string'),
  reqStr: req(2, 'string'),
  ptrInt: ptr(3, 'int32'),
  int64: opt(4, 'int64'),
  flag: opt(5, 'bool'),
  data: map(6, 'bytes'),
  labels: map(7, 'string'),
  items: list(8, 'string'),
  mustList: listOrNull(9, 'string'),
  obj: opt(10, inner),
  ptrObj: ptr(11, inner),
  nullObj: nullable(12, inner),
  merged: inline(13, message('Merged', { c: opt(1, 'string') })),
  time: opt(14, 'time'),
  ptrTime: ptr(15, 'time'),
  qty: opt(16, 'quantity'),
  port: opt(17, 'intOrString'),
  limits: map(18, 'quantity'),
});

/** What Go writes for the schema above when nothing is set. */
const empty = {
  reqStr: '',
  mustList: null,
  obj: {},
  nullObj: null,
  time: null,
  qty: '0',
  port: 0,
};

function decode(...fields: Uint8Array[]): unknown {
  return decodeMessage(schema, concatBytes(...fields), '');
}

function decodeError(...fields: Uint8Array[]): StatusError {
  try {
    decode(...fields);
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

const time = (seconds: number | bigint): Uint8Array => messageField(14, varintField(1, seconds));
const quantity = (text: string): Uint8Array => messageField(16, bytesField(1, text));

describe('decodeMessage', () => {
  it('writes unset fields as Go does: omitempty left out, structs and non-omitempty kept', () => {
    expect(decode()).toEqual(empty);
  });

  it('leaves out zero omitempty values that Go protobuf writes anyway', () => {
    const zeros = [
      bytesField(1, ''),
      varintField(4, 0),
      varintField(5, false),
      messageField(10, bytesField(1, ''), varintField(2, 0)),
    ];
    expect(decode(...zeros)).toEqual(empty);
  });

  it('keeps a pointer set to zero and a non-omitempty zero', () => {
    expect(decode(varintField(3, 0), bytesField(2, ''), messageField(11))).toMatchObject({
      ptrInt: 0,
      reqStr: '',
      ptrObj: {},
    });
  });

  it.each([
    ['int32 -1 (a ten-byte varint)', varintField(3, -1), { ptrInt: -1 }],
    ['int32 2^31-1', varintField(3, 2 ** 31 - 1), { ptrInt: 2147483647 }],
    ['int64 -5', varintField(4, -5), { int64: -5 }],
    ['int64 2^40', varintField(4, 2 ** 40), { int64: 2 ** 40 }],
    ['bool true', varintField(5, true), { flag: true }],
    ['a string', bytesField(1, 'héllo'), { str: 'héllo' }],
    ['invalid UTF-8 as U+FFFD', bytesField(1, Uint8Array.from([0x61, 0xff])), { str: 'a\uFFFD' }],
    [
      'bytes as base64',
      mapEntry(6, 'k', bytesField(2, Uint8Array.from([0, 255]))),
      { data: { k: 'AP8=' } },
    ],
    [
      'a map entry without a value as the zero value',
      mapEntry(7, 'k', new Uint8Array()),
      { labels: { k: '' } },
    ],
    [
      'a quantity map',
      mapEntry(18, 'cpu', messageField(2, bytesField(1, '500m'))),
      { limits: { cpu: '500m' } },
    ],
    [
      'a nullable message that is set',
      messageField(12, bytesField(1, 'x')),
      { nullObj: { a: 'x' } },
    ],
    ['an inline message merged into its parent', messageField(13, bytesField(1, 'c')), { c: 'c' }],
  ])('decodes %s', (_name, field, expected) => {
    expect(decode(field)).toEqual({ ...empty, ...expected });
  });

  it('keeps repeated values in order and a repeated map key’s last value', () => {
    const fields = [
      bytesField(8, 'a'),
      bytesField(9, 'x'),
      bytesField(8, 'b'),
      mapEntry(7, 'k', bytesField(2, '1')),
      mapEntry(7, 'k', bytesField(2, '2')),
    ];
    expect(decode(...fields)).toMatchObject({
      items: ['a', 'b'],
      mustList: ['x'],
      labels: { k: '2' },
    });
  });

  it('keeps a map key named __proto__ as an ordinary key', () => {
    const decoded = decode(mapEntry(7, '__proto__', bytesField(2, 'x')));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(decoded))).toMatchObject({
      labels: JSON.parse('{"__proto__":"x"}') as unknown,
    });
    expect(Object.keys((decoded as { labels: object }).labels)).toEqual(['__proto__']);
  });

  it('takes the last value of a repeated scalar and merges a repeated message', () => {
    const fields = [
      bytesField(1, 'first'),
      bytesField(1, 'last'),
      messageField(10, bytesField(1, 'a')),
      messageField(10, varintField(2, 7)),
    ];
    expect(decode(...fields)).toMatchObject({ str: 'last', obj: { a: 'a', b: 7 } });
  });

  it('skips fields the descriptor does not know, whatever their wire type', () => {
    const fields = [
      varintField(99, 5),
      bytesField(100, 'x'),
      concatBytes(varint(101 * 8 + 1), new Uint8Array(8).fill(7)),
      concatBytes(varint(102 * 8 + 5), new Uint8Array(4).fill(7)),
      bytesField(1, 'kept'),
    ];
    expect(decode(...fields)).toEqual({ ...empty, str: 'kept' });
  });

  it.each([
    ['the epoch', 0, '1970-01-01T00:00:00Z'],
    ['a recent time', 1715000000, '2024-05-06T12:53:20Z'],
    ['a time before 1970', -86400, '1969-12-31T00:00:00Z'],
    ['the last second of 9999', 253402300799, '9999-12-31T23:59:59Z'],
  ])('writes a Time of %s as RFC 3339 in UTC', (_name, seconds, expected) => {
    expect(decode(time(seconds))).toMatchObject({ time: expected });
  });

  it('drops the nanoseconds of a Time, as the API does', () => {
    expect(decode(messageField(14, varintField(1, 60), varintField(2, 999)))).toMatchObject({
      time: '1970-01-01T00:01:00Z',
    });
  });

  it('writes an unset pointer Time as absent and a zero one as null', () => {
    expect(decode()).not.toHaveProperty('ptrTime');
    expect(decode(messageField(15))).toMatchObject({ ptrTime: null });
  });

  it.each([
    ['a quantity', quantity('1Gi'), { qty: '1Gi' }],
    [
      'an int IntOrString',
      messageField(17, varintField(1, 0), varintField(2, 8080)),
      { port: 8080 },
    ],
    [
      'a string IntOrString',
      messageField(17, varintField(1, 1), bytesField(3, 'http')),
      { port: 'http' },
    ],
  ])('decodes %s', (_name, field, expected) => {
    expect(decode(field)).toMatchObject(expected);
  });

  it.each([
    [
      'a time after 9999',
      time(253402300800),
      'time: time 253402300800 seconds is outside the years 0000-9999',
    ],
    ['a time before year 0', time(-62167219201n), 'outside the years 0000-9999'],
    ['an invalid quantity', quantity('lots'), 'qty: invalid quantity "lots"'],
    ['an empty quantity string', quantity(''), 'qty: invalid quantity ""'],
    [
      'an IntOrString of type 2',
      messageField(17, varintField(1, 2)),
      'port: invalid IntOrString type 2',
    ],
    ['a string field sent as a varint', varintField(1, 3), 'str: wire type 0, expected 2'],
    ['an int field sent as bytes', bytesField(3, 'x'), 'ptrInt: wire type 2, expected 0'],
    [
      'a corrupt nested message',
      messageField(10, Uint8Array.from([0x0a, 0x05])),
      'obj: truncated field',
    ],
    ['a corrupt map entry', bytesField(7, Uint8Array.from([0x0a])), 'labels: truncated varint'],
    [
      'a list item of the wrong type',
      concatBytes(bytesField(8, 'a'), varintField(8, 1)),
      'items[1]: wire type 0',
    ],
  ])('rejects %s with a 400 naming the field', (_name, field, message) => {
    const error = decodeError(field);
    expect(error.code).toBe(400);
    expect(error.message).toContain(message);
  });

  it('names the full JSON path of a nested problem', () => {
    const nested = message('Outer', { spec: opt(1, message('Spec', { items: list(2, inner) })) });
    const bytes = messageField(1, messageField(2, varintField(1, 1)));
    expect(() => decodeMessage(nested, bytes, '')).toThrow('spec.items[0].a: wire type 0');
  });
});
