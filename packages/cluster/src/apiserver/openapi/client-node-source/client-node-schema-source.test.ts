import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../json-schema.ts';
import { isJsonObject, type Json } from '../../json.ts';
import { builtinResources } from '../../registry/builtin-resources.ts';
import { loadBuiltinSchemas } from '../load-builtin-schemas.ts';
import { followFieldPath } from '../spec-fixtures.ts';
import { clientNodeSchemaSource } from './client-node-schema-source.ts';

const source = clientNodeSchemaSource();
const builtins = loadBuiltinSchemas(source);
const meta = (kind: string): string => `io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`;

function schemaOf(group: string, version: string, kind: string): JsonSchema {
  const schema = builtins.schemaFor(group, version, kind);
  if (schema === undefined) throw new Error(`no schema for ${group}/${version} ${kind}`);
  return schema;
}

function field(
  [group, version, kind]: [string, string, string],
  path: string,
): JsonSchema | undefined {
  return followFieldPath(schemaOf(group, version, kind), path, builtins.resolve);
}

/** The field itself, not unwrapped into its items or its ref. */
function property(schemaName: string, name: string): JsonSchema | undefined {
  return builtins.resolve(`#/components/schemas/${schemaName}`)?.properties?.[name];
}

function refsIn(value: Json): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!isJsonObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [child] : refsIn(child),
  );
}

describe('clientNodeSchemaSource', () => {
  it("describes a Pod's container image as a string with its description", () => {
    const image = field(['', 'v1', 'Pod'], 'spec.containers.image');

    expect(image?.type).toBe('string');
    expect(image?.description).toMatch(/^Container image name\./);
  });

  it("carries the merge key of a Deployment's pod template containers", () => {
    const podSpec = field(['apps', 'v1', 'Deployment'], 'spec.template.spec');

    expect(podSpec?.properties?.containers).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' },
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
  });

  it.each([
    ['io.k8s.api.core.v1.Container', ['name']],
    ['io.k8s.api.core.v1.ContainerPort', ['containerPort']],
    [meta('OwnerReference'), ['apiVersion', 'kind', 'name', 'uid']],
  ])('lists the non-optional properties of %s as required', (name, required) => {
    expect(builtins.resolve(`#/components/schemas/${name}`)?.required).toEqual(required);
  });

  it.each([
    [
      'a Service targetPort (IntOrString)',
      'io.k8s.api.core.v1.ServicePort',
      'targetPort',
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
    ],
    [
      'labels (a map)',
      meta('ObjectMeta'),
      'labels',
      { type: 'object', additionalProperties: { type: 'string' } },
    ],
    [
      'a timestamp (Date)',
      meta('ObjectMeta'),
      'creationTimestamp',
      { type: 'string', format: 'date-time' },
    ],
    ['an int64', meta('ObjectMeta'), 'generation', { type: 'integer', format: 'int64' }],
    [
      'an int32',
      'io.k8s.api.core.v1.ContainerPort',
      'containerPort',
      { type: 'integer', format: 'int32' },
    ],
    ['a boolean', 'io.k8s.api.core.v1.Container', 'stdin', { type: 'boolean' }],
    [
      'base64 data',
      'io.k8s.api.core.v1.Secret',
      'data',
      { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
    ],
    [
      'a MicroTime',
      'io.k8s.api.events.v1.Event',
      'eventTime',
      { type: 'string', format: 'date-time' },
    ],
    [
      'free-form JSON (any)',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
      'default',
      { 'x-kubernetes-preserve-unknown-fields': true },
    ],
    [
      'a list of models',
      'io.k8s.api.core.v1.PodSpec',
      'tolerations',
      { type: 'array', items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Toleration' } },
    ],
    [
      'resource limits (Quantity map)',
      'io.k8s.api.core.v1.ResourceRequirements',
      'limits',
      {
        type: 'object',
        additionalProperties: {
          $ref: `#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity`,
        },
      },
    ],
  ])('maps %s', (_label, schemaName, name, expected) => {
    expect(property(schemaName, name)).toMatchObject(expected);
  });

  it("marks a Service's targetPort as int-or-string", () => {
    const targetPort = field(['', 'v1', 'Service'], 'spec.ports.targetPort');

    expect(targetPort).toMatchObject({
      format: 'int-or-string',
      'x-kubernetes-int-or-string': true,
    });
    expect(targetPort?.type).toBeUndefined();
  });

  it('describes Quantity as a string or a number', () => {
    const quantity = builtins.resolve(
      '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity',
    );

    expect(quantity).toMatchObject({
      format: 'quantity',
      oneOf: [{ type: 'string' }, { type: 'number' }],
    });
  });

  it.each([
    ['', 'v1', 'Pod', 'io.k8s.api.core.v1.Pod'],
    ['', 'v1', 'Event', 'io.k8s.api.core.v1.Event'],
    ['', 'v1', 'Status', meta('Status')],
    ['events.k8s.io', 'v1', 'Event', 'io.k8s.api.events.v1.Event'],
    ['apps', 'v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
    ['apps', 'v1', 'DeleteOptions', meta('DeleteOptions')],
    ['autoscaling', 'v1', 'Scale', 'io.k8s.api.autoscaling.v1.Scale'],
    ['policy', 'v1', 'Eviction', 'io.k8s.api.policy.v1.Eviction'],
    ['authentication.k8s.io', 'v1', 'TokenRequest', 'io.k8s.api.authentication.v1.TokenRequest'],
    ['coordination.k8s.io', 'v1', 'Lease', 'io.k8s.api.coordination.v1.Lease'],
    [
      'rbac.authorization.k8s.io',
      'v1',
      'ClusterRoleBinding',
      'io.k8s.api.rbac.v1.ClusterRoleBinding',
    ],
    [
      'apiextensions.k8s.io',
      'v1',
      'CustomResourceDefinition',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    ],
    [
      'apiregistration.k8s.io',
      'v1',
      'APIService',
      'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService',
    ],
  ])('tags %s/%s %s as %s', (group, version, kind, name) => {
    expect(builtins.nameFor(group, version, kind)).toBe(name);
    expect(schemaOf(group, version, kind)['x-kubernetes-group-version-kind']).toContainEqual({
      group,
      version,
      kind,
    });
  });

  it.each(builtinResources.map((r) => [r.group, r.version, r.kind]))(
    'has a tagged schema for the registry kind %s/%s %s',
    (group, version, kind) => {
      expect(builtins.schemaFor(group, version, kind)).toBeDefined();
    },
  );

  it.each(
    builtinResources
      .filter((r) => r.verbs.includes('list'))
      .map((r) => [r.group, r.version, r.listKind]),
  )('has a tagged schema for the registry list kind %s/%s %s', (group, version, listKind) => {
    expect(builtins.schemaFor(group, version, listKind)).toBeDefined();
  });

  it('resolves every $ref of every document, inside the document itself', () => {
    for (const document of source.documents()) {
      const root = document.load();
      const schemas = isJsonObject(root.components) ? root.components.schemas : undefined;
      if (!isJsonObject(schemas)) throw new Error(`${String(document.groupVersion)}: no schemas`);
      const refs = new Set(refsIn(schemas));
      const names = [...refs].map((ref) => ref.replace('#/components/schemas/', ''));

      expect(names.filter((name) => !(name in schemas))).toEqual([]);
      expect([...refs].filter((ref) => builtins.resolve(ref) === undefined)).toEqual([]);
    }
  });

  it('lists one document per group-version, core first', () => {
    const groupVersions = source.documents().map((document) => document.groupVersion);

    expect(groupVersions[0]).toBe('v1');
    expect(groupVersions).toEqual(expect.arrayContaining(['apps/v1', 'events.k8s.io/v1']));
    expect(new Set(groupVersions).size).toBe(groupVersions.length);
  });

  it('names the package it reads in the source name', () => {
    expect(source.name).toMatch(/^@kubernetes\/client-node models \(.*dist\/gen\)$/);
  });
});
