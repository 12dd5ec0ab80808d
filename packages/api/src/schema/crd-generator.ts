/** Turns the kind definitions into apiextensions.k8s.io/v1 CustomResourceDefinitions. */
import type {
  ArrayNode,
  BooleanNode,
  IntegerNode,
  NumberNode,
  ObjectNode,
  SchemaNode,
  StringNode,
} from './dsl.ts';
import {
  kubevirtGroup,
  kubevirtVersion,
  type KindDefinition,
  type PrinterColumn,
} from './kinds.ts';

/** The OpenAPI v3 schema subset the generated CRDs use (structural: no `$ref`). */
export interface CrdSchema {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  enum?: string[];
  default?: string | number | boolean;
  nullable?: boolean;
  minimum?: number;
  maxItems?: number;
  items?: CrdSchema;
  properties?: Record<string, CrdSchema>;
  required?: string[];
  additionalProperties?: CrdSchema;
  anyOf?: CrdSchema[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
}

/** A CustomResourceDefinition as plain JSON. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames: string[];
      categories?: string[];
    };
    scope: 'Namespaced';
    versions: CrdVersion[];
  };
}

/** One served version of a CRD. */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema: { openAPIV3Schema: CrdSchema };
  subresources?: {
    status?: Record<string, never>;
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath: string };
  };
  additionalPrinterColumns: PrinterColumn[];
}

const apiVersionText =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.';
const kindText =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase.';

/** The CRD of one kind: names, the structural schema, subresources and printer columns. */
export function generateCrd(kind: KindDefinition): CustomResourceDefinition {
  const version: CrdVersion = {
    name: kubevirtVersion,
    served: true,
    storage: true,
    schema: { openAPIV3Schema: rootSchema(kind) },
    additionalPrinterColumns: kind.printerColumns.map((column) => ({ ...column })),
  };
  const subresources = subresourcesOf(kind);
  if (subresources !== undefined) version.subresources = subresources;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.plural}.${kubevirtGroup}` },
    spec: {
      group: kubevirtGroup,
      names: {
        kind: kind.kind,
        listKind: `${kind.kind}List`,
        plural: kind.plural,
        singular: kind.singular,
        shortNames: [...kind.shortNames],
        ...(kind.categories === undefined ? {} : { categories: [...kind.categories] }),
      },
      scope: 'Namespaced',
      versions: [version],
    },
  };
}

function subresourcesOf(kind: KindDefinition): CrdVersion['subresources'] {
  if (!kind.statusSubresource && kind.scale === undefined) return undefined;
  return {
    ...(kind.statusSubresource ? { status: {} } : {}),
    ...(kind.scale === undefined ? {} : { scale: { ...kind.scale } }),
  };
}

function rootSchema(kind: KindDefinition): CrdSchema {
  return {
    description: kind.description,
    type: 'object',
    properties: {
      apiVersion: { description: apiVersionText, type: 'string' },
      kind: { description: kindText, type: 'string' },
      metadata: { type: 'object' },
      spec: toCrdSchema({ kind: 'ref', target: kind.spec }),
      status: toCrdSchema({ kind: 'ref', target: kind.status }),
    },
    required: ['spec'],
  };
}

/** The structural schema of a node, with named types inlined. */
export function toCrdSchema(node: SchemaNode): CrdSchema {
  const schema = structure(node);
  const description = describe(node);
  return description === undefined ? schema : { description, ...schema };
}

function describe(node: SchemaNode): string | undefined {
  const text = node.description ?? (node.kind === 'ref' ? node.target.node.description : undefined);
  if (node.deprecated === undefined) return text;
  return `${text ?? ''} Deprecated: ${node.deprecated}`.trim();
}

function structure(node: SchemaNode): CrdSchema {
  switch (node.kind) {
    case 'ref':
      return structure(node.target.node);
    case 'quantity':
      return {
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        'x-kubernetes-int-or-string': true,
      };
    case 'preserveUnknown':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'map':
      return { type: 'object', additionalProperties: toCrdSchema(node.values) };
    case 'array':
      return arraySchema(node);
    case 'object':
      return objectSchema(node);
    case 'metadata':
      return node.embedded ? embeddedMetadata : { type: 'object' };
    default:
      return scalarSchema(node);
  }
}

function scalarSchema(node: StringNode | IntegerNode | NumberNode | BooleanNode): CrdSchema {
  switch (node.kind) {
    case 'string':
      return compact({
        type: 'string',
        format: node.format,
        enum: node.enum === undefined ? undefined : [...node.enum],
        default: node.default,
        nullable: node.nullable,
      });
    case 'integer':
      return compact({
        type: 'integer',
        format: node.format,
        minimum: node.minimum,
        default: node.default,
      });
    case 'number':
      return compact({ type: 'number', minimum: node.minimum });
    case 'boolean':
      return compact({ type: 'boolean', default: node.default });
  }
}

/** The schema without its undefined keys (exactOptionalPropertyTypes forbids them). */
function compact(schema: { [K in keyof CrdSchema]: CrdSchema[K] | undefined }): CrdSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}

function arraySchema(node: ArrayNode): CrdSchema {
  return compact({
    type: 'array',
    items: toCrdSchema(node.items),
    maxItems: node.maxItems,
    'x-kubernetes-list-type': node.listType,
    'x-kubernetes-list-map-keys':
      node.listMapKeys === undefined ? undefined : [...node.listMapKeys],
  });
}

function objectSchema(node: ObjectNode): CrdSchema {
  const entries = Object.entries(node.properties);
  return compact({
    type: 'object',
    properties:
      entries.length === 0
        ? undefined
        : Object.fromEntries(entries.map(([key, child]) => [key, toCrdSchema(child)])),
    required:
      node.required === undefined || node.required.length === 0 ? undefined : [...node.required],
    'x-kubernetes-preserve-unknown-fields': node.preserveUnknown === true ? true : undefined,
  });
}

const stringMapSchema: CrdSchema = { type: 'object', additionalProperties: { type: 'string' } };

/**
 * A template's metadata. The API server does not prune metadata below the root, so KubeVirt
 * keeps it as a preserve-unknown object; labels and annotations are typed.
 */
const embeddedMetadata: CrdSchema = {
  type: 'object',
  nullable: true,
  properties: {
    name: { type: 'string' },
    namespace: { type: 'string' },
    generateName: { type: 'string' },
    labels: stringMapSchema,
    annotations: stringMapSchema,
  },
  'x-kubernetes-preserve-unknown-fields': true,
};
