import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { StatusError } from '../status-error.ts';
import { pruneObject, pruneObjectMeta, unknownFields } from './prune-object.ts';
import { MAX_DEPTH } from './resolve-schema.ts';

const noRefs: SchemaResolver = () => undefined;

const crdSchema: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        ports: {
          type: 'array',
          items: { type: 'object', properties: { port: { type: 'integer' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        config: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'object', properties: { a: { type: 'string' } } } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } },
        },
      },
    },
    status: { type: 'object', properties: { phase: { type: 'string' } } },
  },
};

describe('pruneObject', () => {
  it.each<[string, Json, Json, string[]]>([
    [
      'unknown top-level and nested fields',
      { spec: { replicas: 1, foo: 2 }, bar: 3 },
      { spec: { replicas: 1 } },
      ['bar', 'spec.foo'],
    ],
    [
      'unknown fields in array items',
      { spec: { ports: [{ port: 80, name: 'http' }, { port: 81 }] } },
      { spec: { ports: [{ port: 80 }, { port: 81 }] } },
      ['spec.ports[0].name'],
    ],
    [
      'nothing from additionalProperties maps',
      { spec: { labels: { a: 'b', c: 'd' } } },
      { spec: { labels: { a: 'b', c: 'd' } } },
      [],
    ],
    [
      'unknown fields under preserve-unknown-fields are kept',
      { spec: { config: { anything: { deep: [1] } } } },
      { spec: { config: { anything: { deep: [1] } } } },
      [],
    ],
    [
      'known fields under preserve-unknown-fields are still pruned',
      { spec: { config: { known: { a: 'x', b: 'y' } } } },
      { spec: { config: { known: { a: 'x' } } } },
      ['spec.config.known.b'],
    ],
    [
      'embedded resources keep apiVersion and kind',
      { spec: { template: { apiVersion: 'v1', kind: 'Pod', spec: { image: 'i', x: 1 }, y: 2 } } },
      { spec: { template: { apiVersion: 'v1', kind: 'Pod', spec: { image: 'i' } } } },
      ['spec.template.spec.x', 'spec.template.y'],
    ],
    [
      'embedded metadata is pruned to ObjectMeta',
      { spec: { template: { metadata: { name: 'n', labels: { a: 'b' }, bogus: 1 } } } },
      { spec: { template: { metadata: { name: 'n', labels: { a: 'b' } } } } },
      ['spec.template.metadata.bogus'],
    ],
    ['scalars under an object schema are kept as they are', { spec: 'text' }, { spec: 'text' }, []],
  ])('drops %s', (_name, input, expected, pruned) => {
    expect(pruneObject(input, crdSchema, noRefs)).toEqual({ value: expected, pruned });
  });

  it('keeps apiVersion, kind and ObjectMeta fields at the root of a resource', () => {
    const input: Json = {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'a', namespace: 'default', creationTimestamp: null, extra: true },
      spec: { replicas: 2 },
      junk: 1,
    };
    expect(pruneObject(input, crdSchema, noRefs, { isResourceRoot: true })).toEqual({
      value: {
        apiVersion: 'example.com/v1',
        kind: 'Thing',
        metadata: { name: 'a', namespace: 'default', creationTimestamp: null },
        spec: { replicas: 2 },
      },
      pruned: ['junk', 'metadata.extra'],
    });
  });

  it('drops apiVersion/kind/metadata silently at the root of a non-resource', () => {
    expect(pruneObject({ kind: 'X', spec: {} }, crdSchema, noRefs)).toEqual({
      value: { spec: {} },
      pruned: [],
    });
  });

  it('keeps everything under a root with preserve-unknown-fields', () => {
    const schema: JsonSchema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    const input: Json = { a: { b: [{ c: 1 }] } };
    expect(pruneObject(input, schema, noRefs)).toEqual({ value: input, pruned: [] });
  });

  it('applies preserve-unknown-fields to array items of a preserving list', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        list: {
          type: 'array',
          'x-kubernetes-preserve-unknown-fields': true,
          items: { type: 'object', properties: { inner: { type: 'object', properties: {} } } },
        },
      },
    };
    expect(pruneObject({ list: [{ free: 1, inner: { gone: 2 } }] }, schema, noRefs)).toEqual({
      value: { list: [{ free: 1, inner: {} }] },
      pruned: ['list[0].inner.gone'],
    });
  });

  it('never mutates its input', () => {
    const input = { spec: { replicas: 1, foo: 2 } };
    const copy = structuredClone(input);
    pruneObject(input, crdSchema, noRefs);
    expect(input).toEqual(copy);
  });

  it('keeps a "__proto__" key as a plain data field', () => {
    const schema: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
    const input = JSON.parse('{"__proto__": "x", "a": "b"}') as Json;
    const { value } = pruneObject(input, schema, noRefs);
    expect(Object.keys(value as object)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('sorts pruned paths as Go sorts strings', () => {
    const { pruned } = pruneObject({ z: 1, B: 2, a: 3 }, { type: 'object' }, noRefs);
    expect(pruned).toEqual(['B', 'a', 'z']);
  });

  it('throws a 400 StatusError past the maximum depth', () => {
    const node: JsonSchema = { type: 'object' };
    node.properties = { next: node };
    let value: Json = {};
    for (let i = 0; i < MAX_DEPTH + 5; i++) value = { next: value };
    expect(() => pruneObject(value, node, noRefs)).toThrow(StatusError);
    expect(() => pruneObject(value, node, noRefs)).toThrow(
      /nested too deeply.*maximum depth of 100/,
    );
  });
});

describe('unknownFields (built-in schemas)', () => {
  const docs: Record<string, JsonSchema> = {
    '#/components/schemas/Container': {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', default: '' }, image: { type: 'string' } },
    },
    '#/components/schemas/RawExtension': { type: 'object', description: 'anything' },
  };
  const resolve: SchemaResolver = (ref) => docs[ref];
  const podSpec: JsonSchema = {
    type: 'object',
    properties: {
      containers: {
        type: 'array',
        items: { allOf: [{ $ref: '#/components/schemas/Container' }], default: {} },
      },
      raw: { allOf: [{ $ref: '#/components/schemas/RawExtension' }] },
      missing: { $ref: '#/components/schemas/Nowhere' },
    },
  };

  it('reports unknown fields through $refs without changing the input', () => {
    const input: Json = { containers: [{ name: 'c', image: 'i', imagePullPolcy: 'x' }], foo: 1 };
    expect(unknownFields(input, podSpec, resolve)).toEqual(['containers[0].imagePullPolcy', 'foo']);
    expect(input).toEqual({ containers: [{ name: 'c', image: 'i', imagePullPolcy: 'x' }], foo: 1 });
  });

  it('treats property-less objects (RawExtension) and unresolved refs as free-form', () => {
    expect(unknownFields({ raw: { a: { b: 1 } }, missing: { c: 2 } }, podSpec, resolve)).toEqual(
      [],
    );
  });

  it('prunes property-less objects in structural (CRD) mode', () => {
    expect(pruneObject({ raw: { a: 1 } }, podSpec, resolve).pruned).toEqual(['raw.a']);
  });
});

describe('pruneObjectMeta', () => {
  it('keeps ObjectMeta fields, including free-form managedFields.fieldsV1', () => {
    const meta: Json = {
      name: 'a',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', extra: 1 }],
      managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': { 'f:x': {} } } }],
      clusterName: 'old',
    };
    expect(pruneObjectMeta(meta)).toEqual({
      value: {
        name: 'a',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u' }],
        managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': { 'f:x': {} } } }],
      },
      pruned: ['metadata.clusterName', 'metadata.ownerReferences[0].extra'],
    });
  });
});
