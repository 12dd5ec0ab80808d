import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../json-schema.ts';
import { isJsonObject, type Json, type JsonObject } from '../../json.ts';
import { loadBuiltinSchemas } from '../load-builtin-schemas.ts';
import { openApiV3Document, type OpenApiResource } from '../open-api-v3-document.ts';
import { coreV1SpecFixture } from '../spec-fixtures.ts';
import { encodeOpenApiV2Protobuf } from './encode-open-api-v2-protobuf.ts';
import { decodeGnosticDocument } from './gnostic-test-decoder.ts';
import { swaggerFromV3 } from './swagger-from-v3.ts';

const builtins = loadBuiltinSchemas({
  name: 'fixture',
  documents: () => [{ groupVersion: 'v1', load: coreV1SpecFixture }],
});

function builtin(kind: string, plural: string): OpenApiResource {
  const schema = builtins.schemaFor('', 'v1', kind);
  const name = builtins.nameFor('', 'v1', kind);
  if (schema === undefined || name === undefined) throw new Error(`no ${kind} in the fixture`);
  return {
    group: '',
    version: 'v1',
    kind,
    plural,
    namespaced: kind !== 'Namespace',
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
      required: ['running', 'template'],
      properties: {
        running: { type: 'boolean', nullable: true, description: 'Whether it runs.' },
        template: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const coreDoc = openApiV3Document({
  group: '',
  version: 'v1',
  resources: [builtin('Pod', 'pods'), builtin('Namespace', 'namespaces')],
  resolve: builtins.resolve,
});
const vmDoc = openApiV3Document({
  group: 'kubevirt.io',
  version: 'v1',
  resources: [
    {
      group: 'kubevirt.io',
      version: 'v1',
      kind: 'VirtualMachine',
      plural: 'virtualmachines',
      namespaced: true,
      subresources: ['status'],
      schema: vmSchema,
    },
  ],
  resolve: builtins.resolve,
});
const swagger = swaggerFromV3([coreDoc, vmDoc]);

const POD_PATH = '/api/v1/namespaces/{namespace}/pods/{name}';
const VM_PATH = '/apis/kubevirt.io/v1/namespaces/{namespace}/virtualmachines/{name}';

function definition(name: string): JsonObject {
  const found = (swagger.definitions as JsonObject)[name];
  if (!isJsonObject(found)) throw new Error(`no definition ${name}`);
  return found;
}

function operationAt(path: string, method: string): JsonObject {
  const item = (swagger.paths as JsonObject)[path];
  const op = isJsonObject(item) ? item[method] : undefined;
  if (!isJsonObject(op)) throw new Error(`no ${method} ${path}`);
  return op;
}

function property(schema: JsonObject, name: string): JsonObject {
  const found = (schema.properties as JsonObject | undefined)?.[name];
  if (!isJsonObject(found)) throw new Error(`no property ${name}`);
  return found;
}

function schemasIn(value: Json): JsonObject[] {
  if (Array.isArray(value)) return value.flatMap(schemasIn);
  if (!isJsonObject(value)) return [];
  return [value, ...Object.values(value).flatMap(schemasIn)];
}

const KNOWN_TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean'];

/**
 * The rules of kube-openapi's `proto.NewOpenAPIData`, which kubectl 1.27/1.28 run on the whole
 * document and which fail the command on any violation.
 */
function kubectlParseProblems(definitions: JsonObject): string[] {
  const problems: string[] = [];
  const check = (schema: JsonObject, where: string): void => {
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/definitions/', '');
      if (!(name in definitions)) problems.push(`${where}: dangling ${schema.$ref}`);
      if ('type' in schema || 'properties' in schema) problems.push(`${where}: $ref with type`);
      return;
    }
    const { type, items, properties, additionalProperties } = schema;
    if (type !== undefined && !KNOWN_TYPES.includes(type as string)) problems.push(where);
    if (type === 'array' && !isJsonObject(items)) problems.push(`${where}: array without items`);
    const children: [string, Json | undefined][] = [
      ['items', items],
      ['additionalProperties', additionalProperties],
      ...Object.entries(isJsonObject(properties) ? properties : {}),
    ];
    for (const [name, child] of children) if (isJsonObject(child)) check(child, `${where}.${name}`);
  };
  for (const [name, schema] of Object.entries(definitions)) {
    if (isJsonObject(schema)) check(schema, name);
  }
  return problems;
}

describe('swaggerFromV3', () => {
  it('builds one Swagger 2.0 document with sorted paths and definitions from every group-version', () => {
    const paths = Object.keys(swagger.paths as JsonObject);
    const definitions = Object.keys(swagger.definitions as JsonObject);

    expect(swagger.swagger).toBe('2.0');
    expect(swagger.info).toEqual({ title: 'Kubernetes', version: 'unversioned' });
    expect(paths).toContain(POD_PATH);
    expect(paths).toContain(VM_PATH);
    expect(paths).toEqual([...paths].sort());
    expect(definitions).toEqual([...definitions].sort());
    expect(definitions).toEqual(
      expect.arrayContaining(['io.k8s.api.core.v1.Pod', 'io.kubevirt.v1.VirtualMachine']),
    );
    expect(definitions.filter((name) => name.endsWith('.ObjectMeta'))).toHaveLength(1);
  });

  it('declares fieldValidation on patch exactly as upstream v2 does, beside the GVK object', () => {
    for (const [path, kind] of [
      [POD_PATH, { group: '', version: 'v1', kind: 'Pod' }],
      [VM_PATH, { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' }],
    ] as const) {
      const patch = operationAt(path, 'patch');
      const parameters = patch.parameters as JsonObject[];

      expect(patch['x-kubernetes-group-version-kind']).toEqual(kind);
      expect(patch['x-kubernetes-action']).toBe('patch');
      expect(parameters.find((p) => p.name === 'fieldValidation')).toEqual({
        uniqueItems: true,
        type: 'string',
        description: expect.any(String) as unknown,
        name: 'fieldValidation',
        in: 'query',
      });
    }
  });

  it('turns the request body into an `in: body` parameter and media types into consumes/produces', () => {
    const patch = operationAt(POD_PATH, 'patch');
    const post = operationAt('/api/v1/namespaces/{namespace}/pods', 'post');

    expect((patch.parameters as JsonObject[])[0]).toEqual({
      name: 'body',
      in: 'body',
      required: true,
      schema: { type: 'object', description: expect.any(String) as unknown },
    });
    expect(patch.consumes).toContain('application/strategic-merge-patch+json');
    expect(operationAt(VM_PATH, 'patch').consumes).not.toContain(
      'application/strategic-merge-patch+json',
    );
    expect(post.consumes).toEqual(['*/*']);
    expect(post.produces).toEqual(['application/json']);
    expect(post.schemes).toEqual(['https']);
    expect(post.operationId).toBe('createCoreV1NamespacedPod');
  });

  it('answers with v2 responses whose schemas point at definitions', () => {
    const get = operationAt(POD_PATH, 'get');

    expect(get.responses).toEqual({
      '200': { description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.core.v1.Pod' } },
    });
  });

  it('keeps path-level parameters in v2 form', () => {
    const item = (swagger.paths as JsonObject)[POD_PATH] as JsonObject;

    expect(item.parameters).toContainEqual({
      uniqueItems: true,
      type: 'string',
      description: 'name of the Pod',
      name: 'name',
      in: 'path',
      required: true,
    });
  });

  it('replaces allOf $ref wrappers with a $ref and the description, as kube-apiserver v2 has', () => {
    const pod = definition('io.k8s.api.core.v1.Pod');

    expect(property(pod, 'spec')).toEqual({
      $ref: '#/definitions/io.k8s.api.core.v1.PodSpec',
      description: 'The desired behavior of the pod.',
    });
    expect(property(definition('io.k8s.api.core.v1.PodSpec'), 'containers').items).toEqual({
      $ref: '#/definitions/io.k8s.api.core.v1.Container',
    });
  });

  it('keeps the GVK, patch and list-type extensions of the schemas', () => {
    const containers = property(definition('io.k8s.api.core.v1.PodSpec'), 'containers');

    expect(definition('io.k8s.api.core.v1.Pod')['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Pod' },
    ]);
    expect(containers).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
  });

  it('publishes custom resource schemas as apiextensions-apiserver v2 does', () => {
    const vm = definition('io.kubevirt.v1.VirtualMachine');
    const spec = property(vm, 'spec');

    expect(vm['x-kubernetes-group-version-kind']).toEqual([
      { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' },
    ]);
    expect(property(vm, 'metadata').$ref).toBe(
      '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    );
    expect(property(spec, 'running')).toEqual({ description: 'Whether it runs.' });
    expect(property(spec, 'template')).toEqual({ 'x-kubernetes-preserve-unknown-fields': true });
    expect(spec.required).toEqual(['template']);
  });

  it('leaves no v3 $ref, allOf or nullable anywhere', () => {
    const schemas = schemasIn(swagger);

    expect(
      schemas.filter((s) => typeof s.$ref === 'string' && !s.$ref.startsWith('#/definitions/')),
    ).toEqual([]);
    expect(schemas.filter((s) => 'allOf' in s || 'nullable' in s)).toEqual([]);
  });

  it('gives kubectl a document its schema parser accepts', () => {
    expect(kubectlParseProblems(swagger.definitions as JsonObject)).toEqual([]);
  });

  it('encodes to protobuf and decodes back to the same document', () => {
    expect(decodeGnosticDocument(encodeOpenApiV2Protobuf(swagger))).toEqual(swagger);
  });

  it('takes the first of a path or definition present in several documents', () => {
    const first: JsonObject = {
      paths: { '/x': { get: { description: 'first', responses: {} } } },
      components: { schemas: { A: { type: 'string' } } },
    };
    const second: JsonObject = {
      paths: { '/x': { get: { description: 'second', responses: {} } } },
      components: { schemas: { A: { type: 'integer' } } },
    };

    const merged = swaggerFromV3([first, second]);

    expect(merged.definitions).toEqual({ A: { type: 'string' } });
    expect(((merged.paths as JsonObject)['/x'] as JsonObject).get).toMatchObject({
      description: 'first',
    });
  });

  it('builds an empty document from no documents', () => {
    expect(swaggerFromV3([])).toEqual({
      swagger: '2.0',
      info: { title: 'Kubernetes', version: 'unversioned' },
      paths: {},
      definitions: {},
    });
  });
});
