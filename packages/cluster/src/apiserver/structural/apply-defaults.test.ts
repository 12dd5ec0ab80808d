import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { applyDefaults } from './apply-defaults.ts';

const noRefs: SchemaResolver = () => undefined;

const schema: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        strategy: {
          type: 'object',
          default: { type: 'Rolling' },
          properties: {
            type: { type: 'string' },
            maxSurge: { 'x-kubernetes-int-or-string': true, default: '25%' },
          },
        },
        note: { type: 'string', nullable: true, default: 'n' },
        plain: { type: 'string' },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            default: { port: 80 },
            properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } },
          },
        },
        env: { type: 'object', additionalProperties: { type: 'string', default: 'unset' } },
      },
    },
  },
};

describe('applyDefaults', () => {
  it.each<[string, Json, Json]>([
    [
      'an absent object, and the defaults inside its default',
      {},
      { spec: { replicas: 1, strategy: { type: 'Rolling', maxSurge: '25%' }, note: 'n' } },
    ],
    [
      'nothing that is already set',
      { spec: { replicas: 3, strategy: { type: 'Recreate', maxSurge: 1 }, note: 'x' } },
      { spec: { replicas: 3, strategy: { type: 'Recreate', maxSurge: 1 }, note: 'x' } },
    ],
    [
      'a null that is not nullable',
      { spec: { replicas: null } },
      { spec: { replicas: 1, strategy: { type: 'Rolling', maxSurge: '25%' }, note: 'n' } },
    ],
    [
      'not a null that is nullable',
      { spec: { note: null } },
      { spec: { note: null, replicas: 1, strategy: { type: 'Rolling', maxSurge: '25%' } } },
    ],
    [
      'array items, including null items',
      { spec: { ports: [{ port: 8080 }, null] } },
      {
        spec: {
          ports: [
            { port: 8080, protocol: 'TCP' },
            { port: 80, protocol: 'TCP' },
          ],
          replicas: 1,
          strategy: { type: 'Rolling', maxSurge: '25%' },
          note: 'n',
        },
      },
    ],
    [
      'null map values',
      { spec: { env: { A: 'a', B: null } } },
      {
        spec: {
          env: { A: 'a', B: 'unset' },
          replicas: 1,
          strategy: { type: 'Rolling', maxSurge: '25%' },
          note: 'n',
        },
      },
    ],
  ])('defaults %s', (_name, input, expected) => {
    expect(applyDefaults(input, schema, noRefs)).toEqual(expected);
  });

  it('removes a non-nullable null that has no default', () => {
    const result = applyDefaults({ spec: { plain: null } }, schema, noRefs) as {
      spec: Record<string, Json>;
    };
    expect(Object.hasOwn(result.spec, 'plain')).toBe(false);
  });

  it('never mutates its input nor shares the default value', () => {
    const input: Json = { spec: { ports: [{}] } };
    const first = applyDefaults(input, schema, noRefs) as { spec: { strategy: { type: string } } };
    first.spec.strategy.type = 'changed';
    const second = applyDefaults({}, schema, noRefs) as { spec: { strategy: { type: string } } };
    expect(input).toEqual({ spec: { ports: [{}] } });
    expect(second.spec.strategy.type).toBe('Rolling');
  });

  it('applies defaults declared beside a $ref and inside the referenced schema', () => {
    const docs: Record<string, JsonSchema> = {
      '#/components/schemas/Port': {
        type: 'object',
        properties: { protocol: { type: 'string', default: 'TCP' } },
      },
    };
    const builtIn: JsonSchema = {
      type: 'object',
      properties: { port: { allOf: [{ $ref: '#/components/schemas/Port' }], default: {} } },
    };
    expect(applyDefaults({}, builtIn, (ref) => docs[ref])).toEqual({ port: { protocol: 'TCP' } });
  });
});
