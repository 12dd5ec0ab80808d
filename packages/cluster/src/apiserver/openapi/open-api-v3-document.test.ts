import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../json-schema.ts';
import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import { documentHash } from './document-hash.ts';
import { loadBuiltinSchemas, type BuiltinSchemas } from './load-builtin-schemas.ts';
import { openApiV3Document, type OpenApiResource } from './open-api-v3-document.ts';
import { coreV1SpecFixture, followFieldPath } from './spec-fixtures.ts';

function builtinsFixture(): BuiltinSchemas {
  return loadBuiltinSchemas({
    name: 'fixture',
    documents: () => [{ groupVersion: 'v1', load: coreV1SpecFixture }],
  });
}

function builtinResource(builtins: BuiltinSchemas, kind: string, plural: string): OpenApiResource {
  const schema = builtins.schemaFor('', 'v1', kind);
  const name = builtins.nameFor('', 'v1', kind);
  if (schema === undefined || name === undefined) throw new Error(`no ${kind} in the fixture`);
  const namespaced = kind !== 'Namespace';
  return {
    group: '',
    version: 'v1',
    kind,
    plural,
    namespaced,
    subresources: ['status'],
    schema,
    builtinSchemaName: name,
  };
}

const vmSchema: JsonSchema = {
  type: 'object',
  description: 'A virtual machine.',
  properties: {
    spec: {
      type: 'object',
      properties: { running: { type: 'boolean', description: 'Whether it runs.' } },
    },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

const virtualMachines: OpenApiResource = {
  group: 'kubevirt.io',
  version: 'v1',
  kind: 'VirtualMachine',
  plural: 'virtualmachines',
  namespaced: true,
  subresources: ['status'],
  schema: vmSchema,
};

function schemasOf(doc: JsonObject): Record<string, JsonSchema> {
  return (doc.components as unknown as { schemas: Record<string, JsonSchema> }).schemas;
}

function pathOf(doc: JsonObject, path: string): JsonObject {
  const item = (doc.paths as Record<string, Json | undefined>)[path];
  if (!isJsonObject(item)) throw new Error(`no path ${path}`);
  return item;
}

function resolverOf(doc: JsonObject): (ref: string) => JsonSchema | undefined {
  return (ref) => schemasOf(doc)[ref.replace('#/components/schemas/', '')];
}

function refsOf(value: Json): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (!isJsonObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [child] : refsOf(child),
  );
}

function operationsOf(doc: JsonObject): JsonObject[] {
  return Object.values(doc.paths as JsonObject).flatMap((item) =>
    isJsonObject(item)
      ? Object.entries(item).flatMap(([method, op]) =>
          method !== 'parameters' && isJsonObject(op) ? [op] : [],
        )
      : [],
  );
}

function fieldValidationOf(patch: JsonObject): Json | undefined {
  const parameters = patch.parameters as JsonObject[];
  return parameters.find((parameter) => parameter.name === 'fieldValidation')?.in;
}

describe('openApiV3Document for built-in kinds', () => {
  const builtins = builtinsFixture();
  const doc = openApiV3Document({
    group: '',
    version: 'v1',
    resources: [
      builtinResource(builtins, 'Pod', 'pods'),
      builtinResource(builtins, 'Namespace', 'namespaces'),
    ],
    resolve: builtins.resolve,
  });

  it('is an OpenAPI 3.0 document with paths and component schemas', () => {
    expect(doc.openapi).toBe('3.0.0');
    expect(doc.info).toEqual({ title: 'Kubernetes', version: 'unversioned' });
    expect(Object.keys(schemasOf(doc))).toContain('io.k8s.api.core.v1.Pod');
  });

  it('resolves the Pod schema through $refs down to the container image', () => {
    const pod = schemasOf(doc)['io.k8s.api.core.v1.Pod'];
    if (pod === undefined) throw new Error('no Pod schema');

    const image = followFieldPath(pod, 'spec.containers.image', resolverOf(doc));

    expect(image).toEqual({ description: 'Container image name.', type: 'string' });
  });

  it('includes every schema referenced transitively, so each $ref resolves inside the document', () => {
    const names = Object.keys(schemasOf(doc));

    expect(names).toEqual(
      expect.arrayContaining([
        'io.k8s.api.core.v1.PodSpec',
        'io.k8s.api.core.v1.Container',
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
        'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
      ]),
    );
    for (const ref of refsOf(doc)) expect(resolverOf(doc)(ref), ref).toBeDefined();
  });

  it('declares a patch with the group-version-kind object and fieldValidation on the Pod path', () => {
    const patch = pathOf(doc, '/api/v1/namespaces/{namespace}/pods/{name}').patch as JsonObject;

    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: '',
      version: 'v1',
      kind: 'Pod',
    });
    expect(patch['x-kubernetes-action']).toBe('patch');
    expect(fieldValidationOf(patch)).toBe('query');
    expect(Object.keys((patch.requestBody as { content: JsonObject }).content)).toContain(
      'application/strategic-merge-patch+json',
    );
  });

  it('serves cluster-scoped kinds without a namespace segment', () => {
    const paths = Object.keys(doc.paths as JsonObject);

    expect(paths).toContain('/api/v1/namespaces/{name}');
    expect(paths).toContain('/api/v1/namespaces/{name}/status');
    expect(paths).toContain('/api/v1/pods');
  });

  it('answers lists with the upstream list schema', () => {
    const list = pathOf(doc, '/api/v1/namespaces/{namespace}/pods').get as JsonObject;

    expect(refsOf(list.responses as JsonObject)).toEqual([
      '#/components/schemas/io.k8s.api.core.v1.PodList',
    ]);
  });

  it('gives every operation a unique operationId', () => {
    const ids = operationsOf(doc).map((op) => op.operationId);

    expect(ids).toContain('patchCoreV1NamespacedPod');
    expect(ids).toContain('listCoreV1PodForAllNamespaces');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('openApiV3Document for custom resources', () => {
  const builtins = builtinsFixture();
  const doc = openApiV3Document({
    group: 'kubevirt.io',
    version: 'v1',
    resources: [virtualMachines],
    resolve: builtins.resolve,
  });
  const vm = schemasOf(doc)['io.kubevirt.v1.VirtualMachine'];

  it('names the schema as upstream does and tags it with its group-version-kind', () => {
    expect(vm?.['x-kubernetes-group-version-kind']).toEqual([
      { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' },
    ]);
    expect(vm?.description).toBe('A virtual machine.');
  });

  it('adds apiVersion, kind and metadata as a reference to ObjectMeta', () => {
    const properties = vm?.properties ?? {};

    expect(properties.apiVersion?.type).toBe('string');
    expect(properties.kind?.type).toBe('string');
    expect(properties.metadata?.allOf).toEqual([
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
  });

  it('resolves both its own fields and ObjectMeta inside the document', () => {
    if (vm === undefined) throw new Error('no VirtualMachine schema');

    expect(followFieldPath(vm, 'spec.running', resolverOf(doc))?.type).toBe('boolean');
    expect(followFieldPath(vm, 'metadata.name', resolverOf(doc))?.type).toBe('string');
  });

  it('publishes a list schema tagged with the List kind', () => {
    const list = schemasOf(doc)['io.kubevirt.v1.VirtualMachineList'];

    expect(list?.['x-kubernetes-group-version-kind']).toEqual([
      { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineList' },
    ]);
    expect(list?.properties?.items?.items?.$ref).toBe(
      '#/components/schemas/io.kubevirt.v1.VirtualMachine',
    );
  });

  it.each([
    '/apis/kubevirt.io/v1/namespaces/{namespace}/virtualmachines/{name}',
    '/apis/kubevirt.io/v1/namespaces/{namespace}/virtualmachines/{name}/status',
  ])('declares a patch with the GVK object and fieldValidation, without SMP, on %s', (path) => {
    const patch = pathOf(doc, path).patch as JsonObject;

    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'kubevirt.io',
      version: 'v1',
      kind: 'VirtualMachine',
    });
    expect(fieldValidationOf(patch)).toBe('query');
    expect(Object.keys((patch.requestBody as { content: JsonObject }).content)).not.toContain(
      'application/strategic-merge-patch+json',
    );
  });

  it('does not change the CRD schema it was given', () => {
    expect(Object.keys(vmSchema.properties ?? {})).toEqual(['spec', 'status']);
  });

  it('stays self-contained without a resolver, by accepting any metadata', () => {
    const bare = openApiV3Document({
      group: 'kubevirt.io',
      version: 'v1',
      resources: [virtualMachines],
    });
    const metadata = schemasOf(bare)['io.kubevirt.v1.VirtualMachine']?.properties?.metadata;

    expect(refsOf(bare).filter((ref) => resolverOf(bare)(ref) === undefined)).toEqual([]);
    expect(metadata?.allOf).toEqual([{ 'x-kubernetes-preserve-unknown-fields': true }]);
  });
});

describe('openApiV3Document output stability', () => {
  it('gives the same document and hash whatever the order of the resources', () => {
    const builtins = builtinsFixture();
    const disks: OpenApiResource = {
      ...virtualMachines,
      kind: 'DataVolume',
      plural: 'datavolumes',
      subresources: [],
    };
    const input = (resources: OpenApiResource[]) =>
      openApiV3Document({
        group: 'kubevirt.io',
        version: 'v1',
        resources,
        resolve: builtins.resolve,
      });

    const a = input([virtualMachines, disks]);
    const b = input([disks, virtualMachines]);

    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(documentHash(b)).toBe(documentHash(a));
    expect(documentHash(input([virtualMachines]))).not.toBe(documentHash(a));
  });
});
