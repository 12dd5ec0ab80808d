import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../json-schema.ts';
import { checkStructural, structuralCauses } from './check-structural.ts';

describe('checkStructural', () => {
  it('accepts a structural schema', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } },
        spec: {
          type: 'object',
          properties: {
            port: {
              'x-kubernetes-int-or-string': true,
              anyOf: [{ type: 'integer' }, { type: 'string' }],
            },
            free: { 'x-kubernetes-preserve-unknown-fields': true },
            tags: { type: 'array', items: { type: 'string' } },
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
          oneOf: [{ required: ['port'] }, { required: ['tags'] }],
        },
      },
    };
    expect(checkStructural(schema)).toEqual([]);
  });

  it.each<[string, JsonSchema, string[]]>([
    [
      'a missing root type',
      { properties: {} },
      ['type: Required value: must not be empty at the root'],
    ],
    [
      'a non-object root',
      { type: 'string' },
      ['type: Invalid value: "string": must be object at the root'],
    ],
    [
      'a field without type',
      { type: 'object', properties: { spec: {} } },
      ['properties[spec].type: Required value: must not be empty for specified object fields'],
    ],
    [
      'an array without items',
      { type: 'object', properties: { a: { type: 'array' } } },
      ['properties[a].items: Required value: must be specified'],
    ],
    [
      'items without type',
      { type: 'object', properties: { a: { type: 'array', items: {} } } },
      ['properties[a].items.type: Required value: must not be empty for specified array items'],
    ],
    [
      'a $ref',
      { type: 'object', properties: { a: { type: 'object', $ref: '#/x' } } },
      ['properties[a].$ref: Forbidden: $ref is not supported'],
    ],
    [
      'additionalProperties at the root',
      { type: 'object', additionalProperties: { type: 'string' } },
      ['additionalProperties: Forbidden: must not be used at the root'],
    ],
    [
      'a type inside anyOf',
      { type: 'object', properties: { a: { type: 'string', anyOf: [{ type: 'string' }] } } },
      ['properties[a].anyOf[0].type: Forbidden: must be empty to be structural'],
    ],
    [
      'metadata inside allOf',
      { type: 'object', allOf: [{ properties: { metadata: {} } }] },
      ['allOf[0].properties[metadata]: Forbidden: must not be specified in a nested context'],
    ],
    [
      'an embedded resource that is not an object',
      {
        type: 'object',
        properties: {
          a: {
            type: 'string',
            'x-kubernetes-embedded-resource': true,
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
      [
        'properties[a].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true',
      ],
    ],
    [
      'an embedded resource without properties',
      {
        type: 'object',
        properties: { a: { type: 'object', 'x-kubernetes-embedded-resource': true } },
      },
      [
        'properties[a].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ],
    ],
    [
      'int-or-string with preserve-unknown-fields',
      {
        type: 'object',
        properties: {
          a: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      [
        'properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true',
      ],
    ],
    [
      'root metadata beyond name and generateName',
      {
        type: 'object',
        properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
      },
      [
        'properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
      ],
    ],
    [
      'a non-object schema node',
      { type: 'object', properties: { a: 'string' as unknown as JsonSchema } },
      ['properties[a]: Invalid value: "string": must be a schema object'],
    ],
  ])('reports %s', (_name, schema, expected) => {
    expect(checkStructural(schema)).toEqual(expected);
  });

  it('prefixes fields with the base path and sorts the causes', () => {
    const causes = structuralCauses(
      { properties: { b: {}, a: {} } },
      'spec.versions[0].schema.openAPIV3Schema',
    );
    expect(causes.map((c) => c.field)).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[a].type',
      'spec.versions[0].schema.openAPIV3Schema.properties[b].type',
      'spec.versions[0].schema.openAPIV3Schema.type',
    ]);
    expect(causes[0]?.reason).toBe('FieldValueRequired');
  });
});
