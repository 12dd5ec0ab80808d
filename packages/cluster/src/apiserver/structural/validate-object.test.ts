import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { MAX_DEPTH } from './resolve-schema.ts';
import { validateObject } from './validate-object.ts';

const noRefs: SchemaResolver = () => undefined;

/** Validates `{spec: {x: value}}` against a schema whose `spec.x` is `field`. */
function causesOf(
  field: JsonSchema,
  value: Json,
): { field?: string; reason: string; message: string }[] {
  const schema: JsonSchema = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { x: field } } },
  };
  return validateObject({ spec: { x: value } }, schema, noRefs);
}

function messages(field: JsonSchema, value: Json): string[] {
  return causesOf(field, value).map((c) => c.message);
}

describe('validateObject: types', () => {
  it.each<[string, JsonSchema, Json, string[]]>([
    [
      'a string for a boolean',
      { type: 'boolean' },
      'yes',
      ['Invalid value: "string": spec.x in body must be of type boolean: "string"'],
    ],
    [
      'a number for a string',
      { type: 'string' },
      5,
      ['Invalid value: "integer": spec.x in body must be of type string: "integer"'],
    ],
    [
      'a float for an integer',
      { type: 'integer' },
      1.5,
      ['Invalid value: "number": spec.x in body must be of type integer: "number"'],
    ],
    ['an integral float for an integer', { type: 'integer' }, 2.0, []],
    ['an integer for a number', { type: 'number' }, 3, []],
    [
      'an array for an object',
      { type: 'object' },
      [],
      ['Invalid value: "array": spec.x in body must be of type object: "array"'],
    ],
    [
      'an object for an array',
      { type: 'array', items: { type: 'string' } },
      {},
      ['Invalid value: "object": spec.x in body must be of type array: "object"'],
    ],
    [
      'null for a non-nullable string',
      { type: 'string' },
      null,
      ['Invalid value: "null": spec.x in body must be of type string: "null"'],
    ],
    ['null for a nullable string', { type: 'string', nullable: true }, null, []],
    ['an integer for int-or-string', { 'x-kubernetes-int-or-string': true }, 8080, []],
    ['a string for int-or-string', { 'x-kubernetes-int-or-string': true }, 'http', []],
    [
      'a boolean for int-or-string',
      { 'x-kubernetes-int-or-string': true },
      true,
      ['Invalid value: "boolean": spec.x in body must be of type integer,string: "boolean"'],
    ],
    [
      'a float for int-or-string',
      { 'x-kubernetes-int-or-string': true },
      1.5,
      ['Invalid value: "number": spec.x in body must be of type integer,string: "number"'],
    ],
    ['anything without a type', {}, { a: [1] }, []],
  ])('%s', (_name, field, value, expected) => {
    expect(messages(field, value)).toEqual(expected);
  });

  it('reports type errors with reason FieldValueTypeInvalid and the field path', () => {
    expect(causesOf({ type: 'boolean' }, 'x')).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.x',
        message: 'Invalid value: "string": spec.x in body must be of type boolean: "string"',
      },
    ]);
  });

  it('names the format when a non-string value meets a formatted field', () => {
    expect(messages({ type: 'string', format: 'date-time' }, 5)).toEqual([
      'Invalid value: "int64": spec.x in body must be of type date-time: "int64"',
    ]);
  });
});

describe('validateObject: enum, required, additionalProperties', () => {
  it.each<[string, JsonSchema, Json, string[]]>([
    ['a listed string', { type: 'string', enum: ['Always', 'Halted'] }, 'Always', []],
    [
      'an unlisted string',
      { type: 'string', enum: ['a', 'b'] },
      'x',
      ['Unsupported value: "x": supported values: "a", "b"'],
    ],
    [
      'an unlisted number',
      { type: 'integer', enum: [1, 2] },
      3,
      ['Unsupported value: 3: supported values: "1", "2"'],
    ],
    ['a listed object', { type: 'object', enum: [{ a: 1, b: 2 }] }, { b: 2, a: 1 }, []],
    [
      'a wrong type and value',
      { type: 'string', enum: ['a'] },
      5,
      [
        'Invalid value: "integer": spec.x in body must be of type string: "integer"',
        'Unsupported value: 5: supported values: "a"',
      ],
    ],
  ])('enum: %s', (_name, field, value, expected) => {
    expect(messages(field, value)).toEqual(expected);
  });

  it('reports unsupported values with reason FieldValueNotSupported', () => {
    expect(causesOf({ type: 'string', enum: ['a'] }, 'b')[0]?.reason).toBe(
      'FieldValueNotSupported',
    );
  });

  it('reports each missing required field as "Required value" (null counts as present)', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['image', 'name', 'tag'],
          properties: {
            image: { type: 'string', nullable: true },
            name: { type: 'string' },
            tag: { type: 'string' },
          },
        },
      },
    };
    expect(validateObject({ spec: { image: null } }, schema, noRefs)).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.name', message: 'Required value' },
      { reason: 'FieldValueRequired', field: 'spec.tag', message: 'Required value' },
    ]);
  });

  it('validates map values against additionalProperties, naming them spec.x.key', () => {
    const field: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
    expect(causesOf(field, { app: 'web', replicas: 3 })).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.x.replicas',
        message:
          'Invalid value: "integer": spec.x.replicas in body must be of type string: "integer"',
      },
    ]);
  });

  it('does not read prototype members as declared properties', () => {
    const field: JsonSchema = { type: 'object', additionalProperties: { type: 'integer' } };
    expect(messages(field, JSON.parse('{"constructor": 1, "__proto__": 2}') as Json)).toEqual([]);
  });
});

describe('validateObject: value limits', () => {
  it.each<[string, JsonSchema, Json, string[]]>([
    ['minimum met', { type: 'integer', minimum: 1 }, 1, []],
    [
      'below minimum',
      { type: 'integer', minimum: 1 },
      0,
      ['Invalid value: 0: spec.x in body should be greater than or equal to 1'],
    ],
    [
      'at exclusive minimum',
      { type: 'integer', minimum: 1, exclusiveMinimum: true },
      1,
      ['Invalid value: 1: spec.x in body should be greater than 1'],
    ],
    [
      'above maximum',
      { type: 'number', maximum: 10 },
      10.5,
      ['Invalid value: 10.5: spec.x in body should be less than or equal to 10'],
    ],
    [
      'at exclusive maximum',
      { type: 'integer', maximum: 10, exclusiveMaximum: true },
      10,
      ['Invalid value: 10: spec.x in body should be less than 10'],
    ],
    [
      'a float bound shown in Go notation',
      { type: 'number', maximum: 1000000 },
      1000000.5,
      ['Invalid value: 1.0000005e+06: spec.x in body should be less than or equal to 1e+06'],
    ],
    ['too long', { type: 'string', maxLength: 3 }, 'abcd', ['Too long: may not be longer than 3']],
    [
      'too short',
      { type: 'string', minLength: 3 },
      'ab',
      ['Invalid value: "ab": spec.x in body should be at least 3 chars long'],
    ],
    ['length counted in characters', { type: 'string', maxLength: 2 }, 'ü😀', []],
    ['pattern matched', { type: 'string', pattern: '^[a-z]+$' }, 'abc', []],
    [
      'pattern not matched',
      { type: 'string', pattern: '^[a-z]+$' },
      'aBc',
      ['Invalid value: "aBc": spec.x in body should match \'^[a-z]+$\''],
    ],
    ['pattern with a Go flag group', { type: 'string', pattern: '(?i)^abc$' }, 'ABC', []],
    [
      'too few items',
      { type: 'array', items: { type: 'string' }, minItems: 2 },
      ['a'],
      ['Invalid value: 1: spec.x in body should have at least 2 items'],
    ],
    [
      'too many items',
      { type: 'array', items: { type: 'string' }, maxItems: 1 },
      ['a', 'b'],
      ['Too many: 2: must have at most 1 items'],
    ],
    [
      'duplicate items',
      { type: 'array', items: { type: 'object' }, uniqueItems: true },
      [{ a: 1 }, { a: 1 }],
      ['Invalid value: "": spec.x in body shouldn\'t contain duplicates'],
    ],
    ['unique items', { type: 'array', items: { type: 'integer' }, uniqueItems: true }, [1, 2], []],
    [
      'too few properties',
      { type: 'object', minProperties: 2 },
      { a: 1 },
      ['Invalid value: 1: spec.x in body should have at least 2 properties'],
    ],
    [
      'too many properties',
      { type: 'object', maxProperties: 1 },
      { a: 1, b: 2 },
      ['Too many: 2: must have at most 1 items'],
    ],
  ])('%s', (_name, field, value, expected) => {
    expect(messages(field, value)).toEqual(expected);
  });

  it('reports a too-long string with reason FieldValueTooLong', () => {
    expect(causesOf({ type: 'string', maxLength: 1 }, 'ab')[0]?.reason).toBe('FieldValueTooLong');
  });

  it('reports an invalid pattern instead of throwing', () => {
    expect(messages({ type: 'string', pattern: '([a-' }, 'x')[0]).toMatch(
      /should match '\(\[a-, but pattern is invalid: /,
    );
  });
});

describe('validateObject: formats', () => {
  it.each<[string, string, boolean]>([
    ['date-time', '2024-05-01T10:00:00Z', true],
    ['date-time', '2024-05-01T10:00:00.123+02:00', true],
    ['date-time', 'yesterday', false],
    ['date', '2024-02-29', true],
    ['date', '2023-02-29', false],
    ['byte', 'aGVsbG8=', true],
    ['byte', 'not base64!', false],
    ['duration', '1h30m', true],
    ['duration', '3 days', true],
    ['duration', 'soon', false],
    ['ipv4', '10.0.0.1', true],
    ['ipv4', '10.0.0.256', false],
    ['ipv6', 'fe80::1', true],
    ['cidr', '10.0.0.0/8', true],
    ['cidr', '10.0.0.0/33', false],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
    ['uuid', 'nope', false],
    ['mac', '52:54:00:12:34:56', true],
    ['hostname', 'my-host.example', true],
    ['hostname', '-bad-', false],
    ['int32', 'anything', true],
    ['no-such-format', 'anything', true],
  ])('%s accepts %j: %s', (format, value, ok) => {
    const expected = ok
      ? []
      : [`Invalid value: "${value}": spec.x in body must be of type ${format}: "${value}"`];
    expect(messages({ type: 'string', format }, value)).toEqual(expected);
  });

  it('does not check int32 ranges (as upstream)', () => {
    expect(messages({ type: 'integer', format: 'int32' }, 2 ** 40)).toEqual([]);
  });
});

describe('validateObject: combinators', () => {
  const intOrString: JsonSchema = {
    'x-kubernetes-int-or-string': true,
    anyOf: [{ type: 'integer' }, { type: 'string' }],
  };

  it('accepts a value matching one anyOf branch', () => {
    expect(messages(intOrString, 'http')).toEqual([]);
  });

  it('reports anyOf failures with the path quoted and no field', () => {
    const causes = causesOf(intOrString, true);
    expect(causes).toContainEqual({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "": "spec.x" must validate at least one schema (anyOf)',
    });
  });

  it.each<[string, Json, string[]]>([
    [
      'none valid',
      5,
      [
        'Invalid value: "": "spec.x" must validate one and only one schema (oneOf). Found none valid',
      ],
    ],
    [
      'two valid',
      17,
      [
        'Invalid value: "": "spec.x" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      ],
    ],
    ['one valid', 50, []],
  ])('oneOf: %s', (_name, value, expected) => {
    const field: JsonSchema = { oneOf: [{ minimum: 10, maximum: 20 }, { minimum: 15 }] };
    expect(messages(field, value).filter((m) => m.includes('oneOf'))).toEqual(expected);
  });

  it('reports allOf failures together with the failing branch', () => {
    expect(messages({ type: 'integer', allOf: [{ minimum: 1 }, { maximum: 5 }] }, 9)).toEqual([
      'Invalid value: 9: spec.x in body should be less than or equal to 5',
      'Invalid value: "": "spec.x" must validate all the schemas (allOf)',
    ]);
  });

  it('reports a value that matches `not`', () => {
    expect(messages({ type: 'string', not: { enum: ['forbidden'] } }, 'forbidden')).toEqual([
      'Invalid value: "": "spec.x" must not validate the schema (not)',
    ]);
  });
});

describe('validateObject: list types and embedded resources', () => {
  it('reports the first repetition of each set element as FieldValueDuplicate', () => {
    const field: JsonSchema = {
      type: 'array',
      items: { type: 'string' },
      'x-kubernetes-list-type': 'set',
    };
    expect(causesOf(field, ['a', 'b', 'a', 'a', 'b'])).toEqual([
      { reason: 'FieldValueDuplicate', field: 'spec.x[2]', message: 'Duplicate value: "a"' },
      { reason: 'FieldValueDuplicate', field: 'spec.x[4]', message: 'Duplicate value: "b"' },
    ]);
  });

  it('reports duplicate keys of a list-type map as Go maps', () => {
    const field: JsonSchema = {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, port: { type: 'integer' } },
      },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    };
    expect(
      messages(field, [{ name: 'a', port: 1 }, { name: 'a', port: 2 }, { port: 3 }, {}]),
    ).toEqual([
      'Duplicate value: map[string]interface {}{"name":"a"}',
      'Duplicate value: map[string]interface {}{}',
    ]);
  });

  it('rejects non-objects in a list-type map', () => {
    const field: JsonSchema = {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    };
    expect(causesOf(field, [{ name: 'a' }, 'b'])).toContainEqual({
      reason: 'FieldValueInvalid',
      field: 'spec.x[1]',
      message: 'Invalid value: "b": must be an object for an array of list-type map',
    });
  });

  it('names map entries with brackets in the list-type pass', () => {
    const field: JsonSchema = {
      type: 'object',
      additionalProperties: {
        type: 'array',
        items: { type: 'string' },
        'x-kubernetes-list-type': 'set',
      },
    };
    expect(causesOf(field, { tags: ['a', 'a'] })[0]?.field).toBe('spec.x[tags][1]');
  });

  it.each<[string, Json, string[]]>([
    ['a complete resource', { apiVersion: 'v1', kind: 'Pod' }, []],
    [
      'a missing apiVersion and kind',
      {},
      ['spec.x.apiVersion: Required value', 'spec.x.kind: Required value'],
    ],
    [
      'a malformed apiVersion',
      { apiVersion: 'a/b/c', kind: 'Pod' },
      ['spec.x.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c'],
    ],
    [
      'a non-string kind',
      { apiVersion: 'v1', kind: 3 },
      ['spec.x.kind: Invalid value: 3: must be a string'],
    ],
    [
      'a malformed kind',
      { apiVersion: 'v1', kind: 'Pod_X' },
      [
        expect.stringContaining(
          'spec.x.kind: Invalid value: "Pod_X": may have mixed case, but should otherwise match: a DNS-1035 label',
        ),
      ],
    ],
  ])('embedded resource: %s', (_name, value, expected) => {
    const field: JsonSchema = {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      'x-kubernetes-preserve-unknown-fields': true,
    };
    expect(causesOf(field, value).map((c) => `${c.field ?? ''}: ${c.message}`)).toEqual(expected);
  });
});

describe('validateObject: guards', () => {
  it('stops at the maximum depth with one clear cause', () => {
    const node: JsonSchema = { type: 'object' };
    node.properties = { next: node };
    let value: Json = {};
    for (let i = 0; i < MAX_DEPTH + 20; i++) value = { next: value };
    const causes = validateObject(value, node, noRefs);
    expect(causes).toHaveLength(1);
    expect(causes[0]?.message).toBe(
      `Invalid value: "object": exceeds the maximum nesting depth of ${MAX_DEPTH}`,
    );
  });

  it('accepts a 50,000-item set of distinct values', () => {
    const field: JsonSchema = {
      type: 'array',
      items: { type: 'integer' },
      uniqueItems: true,
      'x-kubernetes-list-type': 'set',
    };
    const items = Array.from({ length: 50_000 }, (_, i) => i);
    expect(causesOf(field, items)).toEqual([]);
  });

  it('prefixes every field with basePath', () => {
    const schema: JsonSchema = { type: 'object', properties: { name: { type: 'string' } } };
    expect(validateObject({ name: 1 }, schema, noRefs, { basePath: 'metadata' })[0]?.field).toBe(
      'metadata.name',
    );
  });
});
