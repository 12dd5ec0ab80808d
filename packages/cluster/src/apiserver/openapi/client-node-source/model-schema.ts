import type { JsonSchema } from '../../json-schema.ts';
import { listExtensions } from './list-metadata.ts';
import type { ModelAttribute, ModelDeclaration } from './parse-model-files.ts';
import { isQuantityField } from './quantity-fields.ts';
import { INT_OR_STRING_SCHEMA, QUANTITY_SCHEMA } from './upstream-names.ts';

/** The `$ref` prefix of the documents built here. */
export const REF_PREFIX = '#/components/schemas/';

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** One generated model, and how to name the models it references. */
export interface ModelSchemaInput {
  /** The model's upstream component name, e.g. `io.k8s.api.core.v1.Pod`. */
  readonly schemaName: string;
  readonly attributes: readonly ModelAttribute[];
  readonly declaration: ModelDeclaration;
  /** The component name of a referenced model; undefined when there is no such model. */
  readonly componentOf: (model: string) => string | undefined;
  /** Tags for a top-level kind (`x-kubernetes-group-version-kind`). */
  readonly groupVersionKinds?: readonly GroupVersionKind[];
}

/**
 * The OpenAPI v3 schema of a client-node model: an object whose properties carry the mapped
 * types, the descriptions from the declaration file, the list extensions from `LIST_METADATA`
 * and Quantity refs from `QUANTITY_FIELDS`; non-optional properties are `required`.
 */
export function modelSchema(input: ModelSchemaInput): JsonSchema {
  const { declaration } = input;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const attribute of input.attributes) {
    const declared = declaration.properties.get(attribute.name);
    properties[attribute.baseName] = propertySchema(input, attribute, declared?.description);
    if (declared?.optional === false) required.push(attribute.baseName);
  }
  const schema: JsonSchema = { type: 'object' };
  if (declaration.description !== undefined) schema.description = declaration.description;
  if (required.length > 0) schema.required = required;
  schema.properties = properties;
  const gvks = input.groupVersionKinds;
  if (gvks !== undefined && gvks.length > 0) {
    schema['x-kubernetes-group-version-kind'] = gvks.map((gvk) => ({ ...gvk }));
  }
  return schema;
}

function propertySchema(
  input: ModelSchemaInput,
  attribute: ModelAttribute,
  description: string | undefined,
): JsonSchema {
  const context: TypeContext = {
    format: attribute.format,
    quantity: isQuantityField(input.schemaName, attribute.baseName),
    componentOf: input.componentOf,
  };
  const typed = typeSchema(attribute.type.trim(), context);
  // Client-node gives IntOrString fields the type's description instead of the field's.
  const own =
    description?.startsWith(INT_OR_STRING_TYPE_DESCRIPTION) === true ? undefined : description;
  const schema: JsonSchema =
    typed.$ref !== undefined && own !== undefined ? { allOf: [typed] } : typed;
  return {
    ...(own === undefined ? {} : { description: own }),
    ...schema,
    ...listExtensions(input.schemaName, attribute.baseName),
  };
}

interface TypeContext {
  readonly format: string;
  readonly quantity: boolean;
  readonly componentOf: (model: string) => string | undefined;
}

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{\s*\[key: string\]: (.+?);\s*\}$/;
const INTEGER_FORMATS = new Set(['int32', 'int64']);
/** Models client-node names but does not generate: upstream's `metav1.MicroTime`. */
const TIMESTAMP_MODELS = new Set(['V1MicroTime']);

/** The schema of a client-node type expression. */
export function typeSchema(type: string, context: TypeContext): JsonSchema {
  const item = ARRAY.exec(type)?.[1];
  if (item !== undefined) return { type: 'array', items: typeSchema(item.trim(), context) };
  const value = MAP.exec(type)?.[1];
  if (value !== undefined) {
    return { type: 'object', additionalProperties: typeSchema(value.trim(), context) };
  }
  return scalarSchema(type, context) ?? modelRef(type, context);
}

function scalarSchema(type: string, context: TypeContext): JsonSchema | undefined {
  const { format } = context;
  switch (type) {
    case 'string':
      if (context.quantity) return { $ref: REF_PREFIX + QUANTITY_SCHEMA };
      return format === '' ? { type: 'string' } : { type: 'string', format };
    case 'number':
      if (INTEGER_FORMATS.has(format)) return { type: 'integer', format };
      return format === '' ? { type: 'number' } : { type: 'number', format };
    case 'boolean':
      return { type: 'boolean' };
    case 'Date':
      return { type: 'string', format: 'date-time' };
    case 'IntOrString':
      return { $ref: REF_PREFIX + INT_OR_STRING_SCHEMA };
    case 'any':
    case 'object':
      return { 'x-kubernetes-preserve-unknown-fields': true };
    default:
      return undefined;
  }
}

function modelRef(model: string, context: TypeContext): JsonSchema {
  if (TIMESTAMP_MODELS.has(model)) return { type: 'string', format: 'date-time' };
  const name = context.componentOf(model);
  return name === undefined
    ? { 'x-kubernetes-preserve-unknown-fields': true }
    : { $ref: REF_PREFIX + name };
}

const INT_OR_STRING_TYPE_DESCRIPTION = 'IntOrString is a type that can hold';

/** The schema of `intstr.IntOrString`, which client-node has no model for. */
export function intOrStringSchema(): JsonSchema {
  return {
    description:
      'IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML ' +
      'marshalling and unmarshalling, it produces or consumes the inner type.',
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  };
}

/** The schema of `resource.Quantity`, which client-node has no model for. */
export function quantitySchema(): JsonSchema {
  return {
    description:
      'Quantity is a fixed-point representation of a number, written as a string with an ' +
      'optional suffix (e.g. "500m", "1Gi", "2") or as a JSON number.',
    format: 'quantity',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  };
}
