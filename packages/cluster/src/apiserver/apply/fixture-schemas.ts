import type { JsonSchema, SchemaResolver } from '../json-schema.ts';

/**
 * Test fixtures: a slice of the upstream OpenAPI v3 document for apps/v1 Deployment, shaped as
 * Kubernetes publishes it (`allOf: [{$ref}]` wrappers, list and map extensions), plus a legacy
 * variant whose lists only carry the strategic-merge patch keys.
 */
const ref = (name: string): JsonSchema => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] });
const stringMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
const atomicStrings: JsonSchema = {
  type: 'array',
  items: { type: 'string' },
  'x-kubernetes-list-type': 'atomic',
};

function keyedBy(item: string, keys: string[], legacy: boolean): JsonSchema {
  const [mergeKey = ''] = keys;
  const schema: JsonSchema = {
    type: 'array',
    items: { ...ref(item), default: {} },
    'x-kubernetes-patch-merge-key': mergeKey,
    'x-kubernetes-patch-strategy': 'merge',
  };
  if (legacy) return schema;
  return { ...schema, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys };
}

function appsSchemas(legacy: boolean): Record<string, JsonSchema> {
  return {
    'io.k8s.api.apps.v1.Deployment': {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { ...ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), default: {} },
        spec: { ...ref('io.k8s.api.apps.v1.DeploymentSpec'), default: {} },
        status: { ...ref('io.k8s.api.apps.v1.DeploymentStatus'), default: {} },
      },
    },
    'io.k8s.api.apps.v1.DeploymentSpec': {
      type: 'object',
      properties: {
        replicas: { type: 'integer', format: 'int32' },
        paused: { type: 'boolean' },
        selector: ref('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'),
        template: { ...ref('io.k8s.api.core.v1.PodTemplateSpec'), default: {} },
        strategy: {
          type: 'object',
          properties: { type: { type: 'string' }, rollingUpdate: { type: 'object' } },
        },
      },
    },
    'io.k8s.api.apps.v1.DeploymentStatus': {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        conditions: keyedBy('io.k8s.api.apps.v1.DeploymentCondition', ['type'], legacy),
      },
    },
    'io.k8s.api.apps.v1.DeploymentCondition': {
      type: 'object',
      properties: { type: { type: 'string' }, status: { type: 'string' } },
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
      type: 'object',
      properties: { matchLabels: stringMap, matchExpressions: { type: 'array', items: {} } },
      'x-kubernetes-map-type': 'atomic',
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
      type: 'object',
      properties: {
        name: { type: 'string' },
        namespace: { type: 'string' },
        uid: { type: 'string' },
        resourceVersion: { type: 'string' },
        labels: stringMap,
        annotations: stringMap,
        finalizers: {
          type: 'array',
          items: { type: 'string', default: '' },
          'x-kubernetes-list-type': 'set',
          'x-kubernetes-patch-strategy': 'merge',
        },
      },
    },
  };
}

function coreSchemas(legacy: boolean): Record<string, JsonSchema> {
  return {
    'io.k8s.api.core.v1.PodTemplateSpec': {
      type: 'object',
      properties: {
        metadata: { ...ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), default: {} },
        spec: { ...ref('io.k8s.api.core.v1.PodSpec'), default: {} },
      },
    },
    'io.k8s.api.core.v1.PodSpec': {
      type: 'object',
      properties: {
        containers: keyedBy('io.k8s.api.core.v1.Container', ['name'], legacy),
        nodeSelector: { ...stringMap, 'x-kubernetes-map-type': 'atomic' },
        tolerations: {
          type: 'array',
          items: { type: 'object' },
          'x-kubernetes-list-type': 'atomic',
        },
      },
    },
    'io.k8s.api.core.v1.Container': {
      type: 'object',
      properties: {
        name: { type: 'string', default: '' },
        image: { type: 'string' },
        args: atomicStrings,
        env: keyedBy('io.k8s.api.core.v1.EnvVar', ['name'], legacy),
        ports: keyedBy('io.k8s.api.core.v1.ContainerPort', ['containerPort', 'protocol'], legacy),
      },
      required: ['name'],
    },
    'io.k8s.api.core.v1.EnvVar': {
      type: 'object',
      properties: { name: { type: 'string' }, value: { type: 'string' } },
    },
    'io.k8s.api.core.v1.ContainerPort': {
      type: 'object',
      properties: {
        containerPort: { type: 'integer' },
        protocol: { type: 'string', default: 'TCP' },
        name: { type: 'string' },
      },
    },
  };
}

function resolverFor(schemas: Record<string, JsonSchema>): SchemaResolver {
  return (reference) => schemas[reference.replace('#/components/schemas/', '')];
}

const current = { ...appsSchemas(false), ...coreSchemas(false) };
const legacy = { ...appsSchemas(true), ...coreSchemas(true) };

/** The Deployment schema with `x-kubernetes-list-type: map` lists, as served since 1.27. */
export const deploymentSchema: JsonSchema = ref('io.k8s.api.apps.v1.Deployment');
export const resolveCurrent: SchemaResolver = resolverFor(current);
/** Resolves the same names to schemas that only carry patch-merge keys. */
export const resolveLegacy: SchemaResolver = resolverFor(legacy);
