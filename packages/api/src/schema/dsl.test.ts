import { describe, expect, it } from 'vitest';
import {
  array,
  boolean,
  define,
  defineEnum,
  integer,
  map,
  marker,
  metadata,
  object,
  preserveUnknown,
  quantity,
  ref,
  string,
  timestamp,
} from './dsl.ts';

describe('schema builders', () => {
  const named = define('Named', object({}));

  it.each([
    ['string', string({ format: 'uuid' }), { kind: 'string', format: 'uuid' }],
    [
      'timestamp',
      timestamp('When.'),
      { kind: 'string', format: 'date-time', nullable: true, description: 'When.' },
    ],
    ['integer', integer({ format: 'int32' }), { kind: 'integer', format: 'int32' }],
    ['boolean', boolean({ default: true }), { kind: 'boolean', default: true }],
    [
      'array',
      array(string(), { maxItems: 2 }),
      { kind: 'array', items: { kind: 'string' }, maxItems: 2 },
    ],
    ['map', map(integer()), { kind: 'map', values: { kind: 'integer' } }],
    ['marker', marker('On.'), { kind: 'object', properties: {}, description: 'On.' }],
    ['quantity', quantity(), { kind: 'quantity' }],
    ['preserveUnknown', preserveUnknown('Any.'), { kind: 'preserveUnknown', description: 'Any.' }],
    ['ref', ref(named, { deprecated: 'Old.' }), { kind: 'ref', target: named, deprecated: 'Old.' }],
    ['metadata', metadata(true), { kind: 'metadata', embedded: true }],
  ])('%s builds its node', (_name, node, expected) => {
    expect(node).toEqual(expected);
  });

  it('object keeps properties, required names and options', () => {
    expect(object({ a: string() }, { required: ['a'], preserveUnknown: true })).toEqual({
      kind: 'object',
      properties: { a: { kind: 'string' } },
      required: ['a'],
      preserveUnknown: true,
    });
  });

  it('defineEnum names a string enum with its values', () => {
    expect(defineEnum('Color', ['Red', 'Blue'], 'A color.')).toEqual({
      name: 'Color',
      node: { kind: 'string', enum: ['Red', 'Blue'], description: 'A color.' },
    });
  });

  it('leaves out a description that is not given (exact optional properties)', () => {
    expect(Object.keys(quantity())).toEqual(['kind']);
    expect(Object.keys(timestamp())).not.toContain('description');
  });
});
