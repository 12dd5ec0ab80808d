import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../json-schema.ts';
import { collectSchemas } from './collect-schemas.ts';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const library: Record<string, JsonSchema> = {
  Props: {
    type: 'object',
    properties: {
      items: ref('Props'),
      not: { not: ref('Leaf') },
      anyOf: { type: 'array', items: { anyOf: [ref('Other')] } },
    },
    additionalProperties: ref('Map'),
  },
  Leaf: { type: 'string' },
  Other: { type: 'integer' },
  Map: { type: 'object' },
};

const resolveFromLibrary = (refText: string): JsonSchema | undefined =>
  library[refText.replace('#/components/schemas/', '')];

describe('collectSchemas', () => {
  it('follows refs in every schema position, and terminates on cycles', () => {
    const { schemas, unresolved } = collectSchemas(
      new Map([['Root', { allOf: [ref('Props')] }]]),
      resolveFromLibrary,
    );

    expect([...schemas.keys()].sort()).toEqual(['Leaf', 'Map', 'Other', 'Props', 'Root']);
    expect(unresolved.size).toBe(0);
  });

  it('replaces unresolved refs in copies, keeping the inputs intact', () => {
    const root: JsonSchema = {
      type: 'object',
      properties: { meta: { allOf: [ref('Missing')], description: 'meta' }, ok: ref('Leaf') },
    };

    const { schemas, unresolved } = collectSchemas(new Map([['Root', root]]), resolveFromLibrary);

    expect([...unresolved]).toEqual(['#/components/schemas/Missing']);
    expect(schemas.get('Root')?.properties?.meta).toEqual({
      allOf: [{ 'x-kubernetes-preserve-unknown-fields': true }],
      description: 'meta',
    });
    expect(schemas.get('Root')?.properties?.ok).toBe(root.properties?.ok);
    expect(root.properties?.meta?.allOf).toEqual([ref('Missing')]);
  });

  it('treats refs outside #/components/schemas/ as unresolved', () => {
    const { unresolved } = collectSchemas(
      new Map([['Root', { items: { $ref: '#/definitions/Leaf' } }]]),
      resolveFromLibrary,
    );

    expect([...unresolved]).toEqual(['#/definitions/Leaf']);
  });

  it('leaves a property literally named $ref alone', () => {
    const root: JsonSchema = { type: 'object', properties: { $ref: { type: 'string' } } };

    const { schemas, unresolved } = collectSchemas(new Map([['Root', root]]), resolveFromLibrary);

    expect(unresolved.size).toBe(0);
    expect(schemas.get('Root')).toBe(root);
  });
});
