import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json.ts';
import {
  loadBuiltinSchemas,
  type BuiltinSchemaSource,
  type SchemaDocument,
} from './load-builtin-schemas.ts';
import {
  appsV1SpecFixture,
  coreV1SpecFixture,
  followFieldPath,
  swaggerSpecFixture,
} from './spec-fixtures.ts';

interface CountingSource extends BuiltinSchemaSource {
  readonly loaded: string[];
}

function sourceOf(documents: Record<string, () => JsonObject>): CountingSource {
  const loaded: string[] = [];
  const list: SchemaDocument[] = Object.entries(documents).map(([groupVersion, load]) => ({
    groupVersion: groupVersion === 'swagger' ? undefined : groupVersion,
    load: () => {
      loaded.push(groupVersion);
      return load();
    },
  }));
  return { name: 'test', loaded, documents: () => list };
}

const v3Source = (): CountingSource =>
  sourceOf({ 'apps/v1': appsV1SpecFixture, v1: coreV1SpecFixture });
const v2Source = (): CountingSource => sourceOf({ swagger: swaggerSpecFixture });

describe('loadBuiltinSchemas', () => {
  it.each([
    ['v3 per-group-version documents', v3Source],
    ['a v2 swagger document', v2Source],
  ])('finds the Pod schema by its group-version-kind in %s', (_label, source) => {
    const builtins = loadBuiltinSchemas(source());

    expect(builtins.nameFor('', 'v1', 'Pod')).toBe('io.k8s.api.core.v1.Pod');
    expect(builtins.schemaFor('', 'v1', 'Pod')?.['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Pod' },
    ]);
  });

  it.each([
    ['v3', v3Source],
    ['v2', v2Source],
  ])('resolves a Pod through $refs down to the container image (%s)', (_label, source) => {
    const builtins = loadBuiltinSchemas(source());
    const pod = builtins.schemaFor('', 'v1', 'Pod');
    if (pod === undefined) throw new Error('no Pod schema');

    const image = followFieldPath(pod, 'spec.containers.image', builtins.resolve);

    expect(image).toEqual({ description: 'Container image name.', type: 'string' });
  });

  it('rewrites v2 #/definitions/ refs to the #/components/schemas/ form', () => {
    const builtins = loadBuiltinSchemas(v2Source());

    const spec = builtins.schemaFor('', 'v1', 'Pod')?.properties?.spec;

    expect(spec?.allOf?.[0]?.$ref).toBe('#/components/schemas/io.k8s.api.core.v1.PodSpec');
  });

  it.each([
    '#/components/schemas/io.k8s.api.core.v1.Container',
    '#/definitions/io.k8s.api.core.v1.Container',
  ])('resolves the ref %s', (ref) => {
    const builtins = loadBuiltinSchemas(v3Source());

    expect(builtins.resolve(ref)?.description).toBe('A single application container.');
  });

  it.each([
    ['an unknown schema', '#/components/schemas/io.k8s.api.core.v1.Nope'],
    ['a ref outside the schemas', '#/paths/x'],
    ['an empty name', '#/components/schemas/'],
  ])('resolves %s to undefined', (_label, ref) => {
    expect(loadBuiltinSchemas(v3Source()).resolve(ref)).toBeUndefined();
  });

  it('answers undefined for a kind no document declares', () => {
    const builtins = loadBuiltinSchemas(v3Source());

    expect(builtins.schemaFor('', 'v1', 'NoSuchKind')).toBeUndefined();
    expect(builtins.schemaFor('example.com', 'v1', 'Pod')).toBeUndefined();
  });

  it("parses only the kind's own group-version document for a lookup", () => {
    const source = v3Source();
    const builtins = loadBuiltinSchemas(source);

    builtins.schemaFor('apps', 'v1', 'Deployment');
    expect(source.loaded).toEqual(['apps/v1']);

    builtins.schemaFor('', 'v1', 'Pod');
    builtins.schemaFor('', 'v1', 'Namespace');
    expect(source.loaded).toEqual(['apps/v1', 'v1']);
  });

  it('parses nothing until a lookup is made, and returns one catalog per source', () => {
    const source = v3Source();

    const first = loadBuiltinSchemas(source);

    expect(source.loaded).toEqual([]);
    expect(loadBuiltinSchemas(source)).toBe(first);
    expect(loadBuiltinSchemas(v3Source())).not.toBe(first);
  });

  it('takes the built-in schemas from @kubernetes/client-node by default', () => {
    const builtins = loadBuiltinSchemas();

    expect(builtins.schemaFor('', 'v1', 'Pod')?.['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Pod' },
    ]);
    expect(builtins.sourceName).toContain('client-node');
  });

  it('names the source and the document when a document has no schemas', () => {
    const source = sourceOf({ v1: () => ({ openapi: '3.0.0' }) });
    const builtins = loadBuiltinSchemas({ ...source, name: '/spec' });

    expect(() => builtins.schemaFor('', 'v1', 'Pod')).toThrow(
      'OpenAPI document v1 from /spec has neither components.schemas nor definitions',
    );
  });
});
