import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../json.ts';
import { v2SchemaFromV3 } from './v2-schema-from-v3.ts';

const context = { definitions: new Set(['Known']) };
const KNOWN_V3 = '#/components/schemas/Known';
const KNOWN_V2 = '#/definitions/Known';

describe('v2SchemaFromV3', () => {
  it.each<[string, JsonObject, JsonObject]>([
    ['a bare $ref', { $ref: KNOWN_V3 }, { $ref: KNOWN_V2 }],
    [
      'an allOf wrapper, keeping description and extensions but not default',
      {
        allOf: [{ $ref: KNOWN_V3 }],
        description: 'd',
        default: {},
        'x-kubernetes-list-type': 'atomic',
      },
      { $ref: KNOWN_V2, description: 'd', 'x-kubernetes-list-type': 'atomic' },
    ],
    [
      'a ref to an unknown definition, as an untyped schema',
      { $ref: '#/components/schemas/Gone', description: 'd' },
      { description: 'd' },
    ],
    [
      'a nullable schema, without type, items or properties',
      { type: 'array', nullable: true, items: { type: 'string' } },
      {},
    ],
    [
      'preserve-unknown-fields below the root, without properties and object type',
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: { a: { type: 'string' } },
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
      { type: 'object', properties: { spec: { 'x-kubernetes-preserve-unknown-fields': true } } },
    ],
    [
      'preserve-unknown-fields at the root, keeping the fields explain shows',
      {
        type: 'object',
        properties: { a: { type: 'string' } },
        'x-kubernetes-preserve-unknown-fields': true,
      },
      {
        type: 'object',
        properties: { a: { type: 'string' } },
        'x-kubernetes-preserve-unknown-fields': true,
      },
    ],
    ['an array without items, untyped', { type: 'array', description: 'd' }, { description: 'd' }],
    ['an unknown type, untyped', { type: 'null' }, {}],
    [
      'int-or-string, dropping anyOf',
      { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      { 'x-kubernetes-int-or-string': true },
    ],
    [
      'oneOf, not and non-wrapper allOf, dropped',
      {
        type: 'object',
        oneOf: [{ required: ['a'] }],
        not: {},
        allOf: [{ type: 'object' }, { type: 'object' }],
      },
      { type: 'object' },
    ],
    [
      'nullable properties, no longer required',
      {
        type: 'object',
        required: ['a', 'b'],
        properties: { a: { type: 'string', nullable: true }, b: { type: 'string' } },
      },
      { type: 'object', required: ['b'], properties: { a: {}, b: { type: 'string' } } },
    ],
    [
      'nullable additionalProperties, requiring nothing',
      { type: 'object', required: ['a'], additionalProperties: { type: 'string', nullable: true } },
      { type: 'object', additionalProperties: {} },
    ],
    [
      'validation keywords, kept',
      {
        type: 'integer',
        format: 'int32',
        minimum: 1,
        maximum: 9,
        exclusiveMaximum: true,
        enum: [1, 2],
        default: 1,
      },
      {
        type: 'integer',
        format: 'int32',
        minimum: 1,
        maximum: 9,
        exclusiveMaximum: true,
        enum: [1, 2],
        default: 1,
      },
    ],
    [
      'nested items and additionalProperties, converted',
      {
        type: 'array',
        items: { type: 'object', additionalProperties: { allOf: [{ $ref: KNOWN_V3 }] } },
      },
      { type: 'array', items: { type: 'object', additionalProperties: { $ref: KNOWN_V2 } } },
    ],
    [
      'boolean additionalProperties, kept',
      { type: 'object', additionalProperties: false },
      { type: 'object', additionalProperties: false },
    ],
  ])('converts %s', (_name, v3, v2) => {
    expect(v2SchemaFromV3(v3, context)).toEqual(v2);
  });

  it('does not change the v3 schema it reads', () => {
    const v3: JsonObject = {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'string', nullable: true } },
    };
    const copy = structuredClone(v3);

    v2SchemaFromV3(v3, context);

    expect(v3).toEqual(copy);
  });

  it('answers an untyped schema for a value that is not a schema', () => {
    expect(v2SchemaFromV3('nope', context)).toEqual({});
  });
});
