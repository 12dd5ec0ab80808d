import type { JsonSchema } from '../json-schema.ts';
import { COMPONENTS_PREFIX } from './load-builtin-schemas.ts';

/** Upstream's component names of the metadata schemas. */
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
export const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

const CONVENTIONS =
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';
const API_VERSION: JsonSchema = {
  type: 'string',
  description:
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ' +
    `${CONVENTIONS}#resources`,
};
const KIND: JsonSchema = {
  type: 'string',
  description:
    'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ' +
    `${CONVENTIONS}#types-kinds`,
};

/** A custom resource kind, as the document generator receives it. */
export interface CustomResourceKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  /** The CRD version's `schema.openAPIV3Schema`. */
  readonly schema: JsonSchema;
}

/** The two component schemas of a custom resource kind: the object and its list. */
export interface CustomResourceSchemas {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly listName: string;
  readonly listSchema: JsonSchema;
}

/**
 * The component name apiextensions-apiserver gives a custom kind: the group's DNS labels
 * reversed, then version and kind (`kubevirt.io`, `v1`, `VirtualMachine` →
 * `io.kubevirt.v1.VirtualMachine`).
 */
export function crdSchemaName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

/**
 * The published schemas of a custom kind, built as apiextensions-apiserver does: the CRD's
 * `openAPIV3Schema` with `apiVersion` and `kind` properties, `metadata` as a reference to
 * ObjectMeta and the `x-kubernetes-group-version-kind` extension; and a `<Kind>List` schema.
 */
export function customResourceSchemas(resource: CustomResourceKind): CustomResourceSchemas {
  const { group, version, kind } = resource;
  const name = crdSchemaName(group, version, kind);
  const schema: JsonSchema = {
    ...resource.schema,
    type: 'object',
    properties: {
      ...resource.schema.properties,
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: {
        allOf: [{ $ref: COMPONENTS_PREFIX + OBJECT_META }],
        description: `Standard object's metadata. More info: ${CONVENTIONS}#metadata`,
      },
    },
    'x-kubernetes-group-version-kind': [{ group, version, kind }],
  };
  const listSchema: JsonSchema = {
    description: `${kind}List is a list of ${kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: API_VERSION,
      items: {
        description: `List of ${resource.plural}. More info: ${CONVENTIONS}`,
        type: 'array',
        items: { $ref: COMPONENTS_PREFIX + name },
      },
      kind: KIND,
      metadata: {
        allOf: [{ $ref: COMPONENTS_PREFIX + LIST_META }],
        description: `Standard list metadata. More info: ${CONVENTIONS}#types-kinds`,
      },
    },
    'x-kubernetes-group-version-kind': [{ group, version, kind: `${kind}List` }],
  };
  return { name, schema, listName: `${name}List`, listSchema };
}
