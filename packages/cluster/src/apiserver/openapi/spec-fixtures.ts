import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import type { JsonObject } from '../json.ts';

/*
 * Test data only: small documents in the SHAPE of upstream's `api/openapi-spec` (a handful of
 * fields each), to exercise the catalog and the generator. They are not a schema source for
 * the server.
 */

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const wrapped = (name: string, description: string): JsonObject => ({
  allOf: [ref(name)],
  description,
});
const core = (name: string): string => `io.k8s.api.core.v1.${name}`;
const meta = (name: string): string => `io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;
const gvk = (group: string, version: string, kind: string): JsonObject[] => [
  { group, version, kind },
];

function metaSchemas(): JsonObject {
  return {
    [meta('ObjectMeta')]: {
      description: 'Metadata all persisted resources have.',
      type: 'object',
      properties: {
        name: { description: 'Name, unique within a namespace.', type: 'string' },
        namespace: { description: 'The namespace of the object.', type: 'string' },
        labels: {
          description: 'Labels of the object.',
          type: 'object',
          additionalProperties: { type: 'string', default: '' },
        },
        creationTimestamp: wrapped(meta('Time'), 'When the object was created.'),
      },
    },
    [meta('ListMeta')]: {
      description: 'Metadata of lists.',
      type: 'object',
      properties: { resourceVersion: { type: 'string' }, continue: { type: 'string' } },
    },
    [meta('Time')]: { description: 'A timestamp.', type: 'string', format: 'date-time' },
    [meta('Status')]: {
      description: 'The return value of calls that do not return other objects.',
      type: 'object',
      properties: { message: { type: 'string' }, code: { type: 'integer', format: 'int32' } },
      'x-kubernetes-group-version-kind': gvk('', 'v1', 'Status'),
    },
  };
}

function podSchemas(): JsonObject {
  return {
    [core('Pod')]: {
      description: 'A collection of containers that run on a host.',
      type: 'object',
      properties: {
        apiVersion: { description: 'The versioned schema.', type: 'string' },
        kind: { description: 'The REST resource.', type: 'string' },
        metadata: wrapped(meta('ObjectMeta'), "Standard object's metadata."),
        spec: wrapped(core('PodSpec'), 'The desired behavior of the pod.'),
      },
      'x-kubernetes-group-version-kind': gvk('', 'v1', 'Pod'),
    },
    [core('PodList')]: {
      description: 'A list of Pods.',
      type: 'object',
      required: ['items'],
      properties: {
        items: { type: 'array', items: wrapped(core('Pod'), '') },
        metadata: wrapped(meta('ListMeta'), 'Standard list metadata.'),
      },
      'x-kubernetes-group-version-kind': gvk('', 'v1', 'PodList'),
    },
    [core('PodSpec')]: {
      description: 'A description of a pod.',
      type: 'object',
      required: ['containers'],
      properties: {
        containers: {
          description: 'The containers of the pod.',
          type: 'array',
          items: wrapped(core('Container'), ''),
          'x-kubernetes-list-map-keys': ['name'],
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-patch-merge-key': 'name',
          'x-kubernetes-patch-strategy': 'merge',
        },
      },
    },
    [core('Container')]: {
      description: 'A single application container.',
      type: 'object',
      required: ['name'],
      properties: {
        name: { description: 'Name of the container.', type: 'string' },
        image: { description: 'Container image name.', type: 'string' },
      },
    },
    [core('Namespace')]: {
      description: 'A scope for names.',
      type: 'object',
      properties: { metadata: wrapped(meta('ObjectMeta'), "Standard object's metadata.") },
      'x-kubernetes-group-version-kind': gvk('', 'v1', 'Namespace'),
    },
  };
}

/** A small document in the shape of upstream's `v3/api__v1_openapi.json`. */
export function coreV1SpecFixture(): JsonObject {
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: {},
    components: { schemas: { ...metaSchemas(), ...podSchemas() } },
  };
}

/** A small document in the shape of upstream's `v3/apis__apps__v1_openapi.json`. */
export function appsV1SpecFixture(): JsonObject {
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: {},
    components: {
      schemas: {
        ...metaSchemas(),
        'io.k8s.api.apps.v1.Deployment': {
          description: 'Declarative updates for Pods.',
          type: 'object',
          properties: { metadata: wrapped(meta('ObjectMeta'), "Standard object's metadata.") },
          'x-kubernetes-group-version-kind': gvk('apps', 'v1', 'Deployment'),
        },
      },
    },
  };
}

/** The same content in the shape of upstream's v2 `swagger.json` (`definitions`, bare `$ref`s). */
export function swaggerSpecFixture(): JsonObject {
  const v3 = coreV1SpecFixture().components as { schemas: JsonObject };
  const text = JSON.stringify(v3.schemas).replaceAll('#/components/schemas/', '#/definitions/');
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes' },
    paths: {},
    definitions: JSON.parse(text) as JsonObject,
  };
}

/**
 * Test support: walks `fieldPath` (e.g. `spec.containers.image`) from `schema`, through
 * `$ref`s, single-entry `allOf`s and array items, as `kubectl explain` does.
 */
export function followFieldPath(
  schema: JsonSchema,
  fieldPath: string,
  resolve: SchemaResolver,
): JsonSchema | undefined {
  let current: JsonSchema | undefined = unwrap(schema, resolve);
  for (const field of fieldPath.split('.')) {
    if (current === undefined) return undefined;
    const next: JsonSchema | undefined = current.properties?.[field];
    current = next === undefined ? undefined : unwrap(next, resolve);
  }
  return current;
}

function unwrap(schema: JsonSchema, resolve: SchemaResolver): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    if (current.$ref !== undefined) current = resolve(current.$ref);
    else if (current.allOf?.length === 1) current = current.allOf[0];
    else if (current.type === 'array' && current.items !== undefined) current = current.items;
    else return current;
  }
  return current;
}
