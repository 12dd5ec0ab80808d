import { isJsonObject, type Json, type JsonObject } from '../../json.ts';

const V3_PREFIX = '#/components/schemas/';
const V2_PREFIX = '#/definitions/';
const PRESERVE_UNKNOWN = 'x-kubernetes-preserve-unknown-fields';

/** What the conversion of one schema needs to know. */
export interface V2SchemaContext {
  /** The names of the definitions of the v2 document; a `$ref` to another name is dropped. */
  readonly definitions: ReadonlySet<string>;
}

/** The types kubectl's schema parser knows; `proto.NewOpenAPIData` fails on any other. */
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** Keys copied as they are (when their value is of a JSON type the v2 schema allows). */
const COPIED = new Set([
  'format',
  'title',
  'description',
  'default',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'type',
  'readOnly',
  'example',
]);

/**
 * The Swagger 2.0 form of an OpenAPI v3 schema, as kube-apiserver and apiextensions-apiserver
 * publish it at /openapi/v2, so that kubectl's `proto.NewOpenAPIData` accepts it:
 * - `$ref`s point at `#/definitions/…`; a one-entry `allOf: [{$ref}]` wrapper becomes that
 *   `$ref` with the wrapper's description and extensions (no type, no properties beside it);
 * - `allOf`, `anyOf`, `oneOf`, `not` and `nullable` have no v2 form and are dropped; a nullable
 *   schema loses its type, items and properties, and its property is no longer required;
 * - `x-kubernetes-preserve-unknown-fields` drops items and properties and an `object` type
 *   (except at a definition's root, which keeps its fields for `kubectl explain`);
 * - an `array` without items, or an unknown type, loses its type; a `$ref` to an unknown
 *   definition is dropped.
 */
export function v2SchemaFromV3(schema: Json, context: V2SchemaContext): JsonObject {
  return convert(schema, context, true);
}

function convert(schema: Json, context: V2SchemaContext, root: boolean): JsonObject {
  if (!isJsonObject(schema)) return {};
  const target = referenceOf(schema);
  if (target !== undefined) return reference(schema, target, context);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (COPIED.has(key) || key.startsWith('x-')) out[key] = value;
  }
  convertChildren(schema, out, context);
  applyV2Limits(schema, out, root);
  return out;
}

/** The `$ref` a schema stands for: its own, or the single entry of an `allOf` wrapper. */
function referenceOf(schema: JsonObject): string | undefined {
  if (typeof schema.$ref === 'string') return schema.$ref;
  const allOf = schema.allOf;
  if (!Array.isArray(allOf) || allOf.length !== 1) return undefined;
  const [only] = allOf;
  return isJsonObject(only) && typeof only.$ref === 'string' ? only.$ref : undefined;
}

function reference(schema: JsonObject, target: string, context: V2SchemaContext): JsonObject {
  const name = target.startsWith(V3_PREFIX)
    ? target.slice(V3_PREFIX.length)
    : target.startsWith(V2_PREFIX)
      ? target.slice(V2_PREFIX.length)
      : undefined;
  const out: JsonObject = {};
  if (name !== undefined && context.definitions.has(name)) out.$ref = V2_PREFIX + name;
  if (typeof schema.description === 'string' && schema.description !== '') {
    out.description = schema.description;
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-')) out[key] = value;
  }
  return out;
}

function convertChildren(schema: JsonObject, out: JsonObject, context: V2SchemaContext): void {
  const { properties, items, additionalProperties } = schema;
  if (isJsonObject(properties)) {
    const converted: JsonObject = {};
    for (const [name, property] of Object.entries(properties)) {
      converted[name] = convert(property, context, false);
    }
    out.properties = converted;
  }
  if (isJsonObject(items)) out.items = convert(items, context, false);
  if (typeof additionalProperties === 'boolean') out.additionalProperties = additionalProperties;
  else if (isJsonObject(additionalProperties)) {
    out.additionalProperties = convert(additionalProperties, context, false);
  }
}

/** apiextensions-apiserver's `ToStructuralOpenAPIV2`, for what kubectl cannot read. */
function applyV2Limits(schema: JsonObject, out: JsonObject, root: boolean): void {
  if (schema.nullable === true) {
    delete out.type;
    delete out.items;
    delete out.properties;
  }
  if (schema[PRESERVE_UNKNOWN] === true && !root) {
    delete out.items;
    delete out.properties;
    if (out.type === 'object') delete out.type;
  }
  if (out.type === 'array' && out.items === undefined) delete out.type;
  if (out.type !== undefined && (typeof out.type !== 'string' || !TYPES.has(out.type))) {
    delete out.type;
  }
  dropNullableFromRequired(schema, out);
}

function dropNullableFromRequired(schema: JsonObject, out: JsonObject): void {
  if (!Array.isArray(out.required)) return;
  const { properties, additionalProperties } = schema;
  if (isJsonObject(additionalProperties) && additionalProperties.nullable === true) {
    delete out.required;
    return;
  }
  if (!isJsonObject(properties)) return;
  const required = out.required.filter(
    (name) =>
      typeof name !== 'string' ||
      !isJsonObject(properties[name]) ||
      properties[name].nullable !== true,
  );
  if (required.length === 0) delete out.required;
  else out.required = required;
}
