import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../json.ts';
import { swaggerSpecFixture } from '../spec-fixtures.ts';
import { OpenApiV2EncodingError } from './encode-message.ts';
import { encodeOpenApiV2Protobuf } from './encode-open-api-v2-protobuf.ts';
import { decodeGnosticDocument } from './gnostic-test-decoder.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ascii = (text: string): string => Buffer.from(text).toString('hex');

/** The bytes of a Document holding one definition `A` with the given Schema bytes. */
function oneDefinition(schemaHex: string): string {
  const named = `0a0141` + `12${(schemaHex.length / 2).toString(16).padStart(2, '0')}${schemaHex}`;
  const definitions = `0a${(named.length / 2).toString(16).padStart(2, '0')}${named}`;
  return `4a${(definitions.length / 2).toString(16).padStart(2, '0')}${definitions}`;
}

describe('encodeOpenApiV2Protobuf, byte for byte', () => {
  it('writes Document.swagger as field 1', () => {
    expect(hex(encodeOpenApiV2Protobuf({ swagger: '2.0' }))).toBe('0a03322e30');
  });

  it.each<[string, JsonObject, string]>([
    // TypeItem (Schema field 22) { value = 1 }
    ['a type', { type: 'string' }, `b20108` + `0a06${ascii('string')}`],
    // Schema.description = 4
    ['a description', { description: 'd' }, `2201${ascii('d')}`],
    // Schema._ref = 1
    ['a $ref', { $ref: '#/definitions/B' }, `0a0f${ascii('#/definitions/B')}`],
    // Properties (field 25) present even when empty: kubectl treats it as a kind
    ['empty properties', { properties: {} }, 'ca0100'],
    // AdditionalPropertiesItem (field 21) { boolean = 2 }, written even when false
    ['additionalProperties: false', { additionalProperties: false }, 'aa01021000'],
    ['additionalProperties: true', { additionalProperties: true }, 'aa01021001'],
    // Schema.required = 19, repeated string
    ['required fields', { required: ['a', 'b'] }, `9a0101619a010162`],
    // Schema.max_length = 11 (int64), unique_items = 16 (bool), maximum = 7 (double)
    [
      'numbers and booleans',
      { maxLength: 5, uniqueItems: true, maximum: 2 },
      '39' + '0000000000000040' + '5805' + '800101',
    ],
    // vendor_extension = 31: NamedAny { name = 1, value = Any { yaml = 2 } }
    [
      'an extension',
      { 'x-kubernetes-patch-strategy': 'merge' },
      `fa0128` + `0a1b${ascii('x-kubernetes-patch-strategy')}` + `1209` + `1207${ascii('"merge"')}`,
    ],
  ])('writes %s in a Schema as the proto says', (_name, schema, schemaHex) => {
    expect(hex(encodeOpenApiV2Protobuf({ definitions: { A: schema } }))).toBe(
      oneDefinition(schemaHex),
    );
  });

  it('leaves proto3 zero values out', () => {
    const bytes = encodeOpenApiV2Protobuf({
      definitions: { A: { description: '', maxLength: 0, uniqueItems: false } },
    });

    expect(hex(bytes)).toBe(oneDefinition(''));
  });

  it('writes fields in field-number order whatever the JSON key order', () => {
    const a = encodeOpenApiV2Protobuf({ definitions: {}, info: { title: 't' }, swagger: '2.0' });
    const b = encodeOpenApiV2Protobuf({ swagger: '2.0', info: { title: 't' }, definitions: {} });

    expect(hex(a)).toBe(hex(b));
    expect(hex(a)).toBe(`0a03322e30` + `1203` + `0a0174` + `4a00`);
  });
});

describe('encodeOpenApiV2Protobuf, decoded back', () => {
  it('round-trips a Swagger document in upstream shape, but for proto3 empty strings', () => {
    const swagger = swaggerSpecFixture();
    const withoutEmpty = JSON.parse(JSON.stringify(swagger), (key, value: unknown) =>
      key === 'description' && value === '' ? undefined : value,
    ) as JsonObject;

    expect(decodeGnosticDocument(encodeOpenApiV2Protobuf(swagger))).toEqual(withoutEmpty);
  });

  it('round-trips paths, operations, every kind of parameter and responses', () => {
    const swagger: JsonObject = {
      swagger: '2.0',
      info: { title: 'Kubernetes', version: 'v1.27.0' },
      paths: {
        '/api/v1/namespaces/{namespace}/pods/{name}': {
          patch: {
            description: 'partially update the specified Pod',
            consumes: ['application/merge-patch+json'],
            produces: ['application/json'],
            schemes: ['https'],
            operationId: 'patchCoreV1NamespacedPod',
            parameters: [
              { name: 'body', in: 'body', required: true, schema: { type: 'object' } },
              {
                uniqueItems: true,
                type: 'string',
                description: 'fieldValidation instructs the server…',
                name: 'fieldValidation',
                in: 'query',
              },
              { $ref: '#/parameters/force-tOGGb0Yi' },
            ],
            responses: {
              '200': { description: 'OK', schema: { $ref: '#/definitions/Pod' } },
              '401': { description: 'Unauthorized' },
            },
            'x-kubernetes-action': 'patch',
            'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind: 'Pod' },
          },
          parameters: [
            { uniqueItems: true, type: 'string', name: 'name', in: 'path', required: true },
            { type: 'string', name: 'X-Trace', in: 'header', enum: ['a', 'b'] },
          ],
        },
        'x-paths-extension': 1,
      },
      definitions: {
        Pod: {
          type: 'object',
          properties: {
            ports: {
              type: 'array',
              items: { $ref: '#/definitions/Port' },
              'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
              'x-kubernetes-list-type': 'map',
            },
            labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
            weight: { type: 'number', minimum: -2.5, enum: [1, 2.5], example: { any: [null] } },
          },
          'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Pod' }],
        },
        Port: { type: 'object', required: ['containerPort'], properties: {} },
      },
      parameters: {
        'force-tOGGb0Yi': { uniqueItems: true, type: 'boolean', name: 'force', in: 'query' },
      },
    };

    expect(decodeGnosticDocument(encodeOpenApiV2Protobuf(swagger))).toEqual(swagger);
  });
});

describe('encodeOpenApiV2Protobuf errors', () => {
  it.each<[string, JsonObject, string]>([
    [
      'a number where a string belongs',
      { definitions: { A: { description: 5 } } },
      'definitions.A.description',
    ],
    [
      'a fraction where an integer belongs',
      { definitions: { A: { maxLength: 1.5 } } },
      'definitions.A.maxLength',
    ],
    ['a string where an object belongs', { paths: { '/x': 'nope' } }, 'paths./x'],
    ['a non-array list', { definitions: { A: { required: 'name' } } }, 'definitions.A.required'],
    [
      'a non-string list item',
      { definitions: { A: { required: ['a', 1] } } },
      'definitions.A.required[1]',
    ],
  ])('names the JSON path of %s', (_name, swagger, path) => {
    const encode = (): Uint8Array => encodeOpenApiV2Protobuf(swagger);

    expect(encode).toThrow(OpenApiV2EncodingError);
    expect(encode).toThrow(`${path}: expected`);
  });
});
