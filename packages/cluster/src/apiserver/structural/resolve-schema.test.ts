import { describe, expect, it } from 'vitest';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { resolveSchema } from './resolve-schema.ts';
import { validateObject } from './validate-object.ts';

const docs: Record<string, JsonSchema> = {
  '#/components/schemas/ObjectMeta': {
    type: 'object',
    properties: {
      name: { type: 'string' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
  '#/components/schemas/JSONSchemaProps': {
    type: 'object',
    properties: {
      type: { type: 'string' },
      properties: {
        type: 'object',
        additionalProperties: { $ref: '#/components/schemas/JSONSchemaProps' },
      },
    },
  },
  '#/components/schemas/A': { $ref: '#/components/schemas/B' },
  '#/components/schemas/B': { $ref: '#/components/schemas/A' },
};
const resolve: SchemaResolver = (ref) => docs[ref];

describe('resolveSchema', () => {
  it('merges allOf: [{$ref}] under the node’s own keywords', () => {
    const node: JsonSchema = {
      allOf: [{ $ref: '#/components/schemas/ObjectMeta' }],
      description: 'meta',
      default: {},
    };
    expect(resolveSchema(node, resolve)).toEqual({
      ...docs['#/components/schemas/ObjectMeta'],
      description: 'meta',
      default: {},
    });
  });

  it('resolves a bare $ref and memoizes the result per resolver', () => {
    const node: JsonSchema = { $ref: '#/components/schemas/ObjectMeta' };
    expect(resolveSchema(node, resolve)).toBe(resolveSchema(node, resolve));
    expect(resolveSchema(node, resolve).properties).toHaveProperty('labels');
  });

  it('keeps allOf entries that are not references', () => {
    const node: JsonSchema = {
      allOf: [{ $ref: '#/components/schemas/ObjectMeta' }, { minProperties: 1 }],
    };
    expect(resolveSchema(node, resolve).allOf).toEqual([{ minProperties: 1 }]);
  });

  it.each([
    ['a cycle of bare references', '#/components/schemas/A'],
    ['an unknown reference', '#/components/schemas/Nowhere'],
  ])('turns %s into a schema that preserves anything', (_name, ref) => {
    expect(resolveSchema({ $ref: ref }, resolve)).toEqual({
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('validates data against a recursive document lazily', () => {
    const schema: JsonSchema = { $ref: '#/components/schemas/JSONSchemaProps' };
    const value = {
      type: 'object',
      properties: { a: { type: 'object', properties: { b: { type: 5 } } } },
    };
    expect(validateObject(value, schema, resolve)).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'properties.a.properties.b.type',
        message:
          'Invalid value: "integer": properties.a.properties.b.type in body must be of type string: "integer"',
      },
    ]);
  });

  it('validates metadata through allOf: [{$ref}]', () => {
    const pod: JsonSchema = {
      type: 'object',
      properties: { metadata: { allOf: [{ $ref: '#/components/schemas/ObjectMeta' }] } },
    };
    expect(validateObject({ metadata: { labels: { app: 1 } } }, pod, resolve)[0]?.field).toBe(
      'metadata.labels.app',
    );
  });
});
