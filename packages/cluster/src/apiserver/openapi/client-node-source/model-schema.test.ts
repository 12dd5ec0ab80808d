import { describe, expect, it } from 'vitest';
import { modelSchema, typeSchema } from './model-schema.ts';

const componentOf = (model: string): string | undefined =>
  model === 'V1Thing' ? 'io.k8s.api.core.v1.Thing' : undefined;
const context = (format = '', quantity = false) => ({ format, quantity, componentOf });

describe('typeSchema', () => {
  it.each([
    ['string', '', { type: 'string' }],
    ['string', 'byte', { type: 'string', format: 'byte' }],
    ['number', 'int32', { type: 'integer', format: 'int32' }],
    ['number', 'int64', { type: 'integer', format: 'int64' }],
    ['number', 'double', { type: 'number', format: 'double' }],
    ['number', '', { type: 'number' }],
    ['boolean', '', { type: 'boolean' }],
    ['Date', 'date-time', { type: 'string', format: 'date-time' }],
    ['V1MicroTime', 'date-time-micro', { type: 'string', format: 'date-time' }],
    [
      'IntOrString',
      'int-or-string',
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
    ],
    ['any', '', { 'x-kubernetes-preserve-unknown-fields': true }],
    ['V1Thing', '', { $ref: '#/components/schemas/io.k8s.api.core.v1.Thing' }],
    ['V1Unknown', '', { 'x-kubernetes-preserve-unknown-fields': true }],
    ['Array<number>', 'int32', { type: 'array', items: { type: 'integer', format: 'int32' } }],
    [
      '{ [key: string]: Array<string>; }',
      '',
      { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    ],
  ])('maps %s (format "%s")', (type, format, expected) => {
    expect(typeSchema(type, context(format))).toEqual(expected);
  });

  it('turns the strings of a quantity field into Quantity refs', () => {
    expect(typeSchema('{ [key: string]: string; }', context('', true))).toEqual({
      type: 'object',
      additionalProperties: {
        $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity',
      },
    });
  });
});

describe('modelSchema', () => {
  const declaration = {
    description: 'A thing.',
    properties: new Map([
      ['name', { description: 'Its name.', optional: false }],
      ['child', { description: 'Its child.', optional: true }],
    ]),
  };

  it('builds an object with descriptions, required fields, wrapped refs and tags', () => {
    const schema = modelSchema({
      schemaName: 'io.k8s.api.core.v1.Thing',
      attributes: [
        { name: 'name', baseName: 'name', type: 'string', format: '' },
        { name: 'child', baseName: 'child', type: 'V1Thing', format: '' },
        { name: '_default', baseName: 'default', type: 'boolean', format: '' },
      ],
      declaration,
      componentOf,
      groupVersionKinds: [{ group: '', version: 'v1', kind: 'Thing' }],
    });

    expect(schema).toEqual({
      type: 'object',
      description: 'A thing.',
      required: ['name'],
      properties: {
        name: { description: 'Its name.', type: 'string' },
        child: {
          description: 'Its child.',
          allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Thing' }],
        },
        default: { type: 'boolean' },
      },
      'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Thing' }],
    });
  });
});
