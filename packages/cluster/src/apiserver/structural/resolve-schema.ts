import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { statusErrors, type StatusError } from '../status-error.ts';

/** How deep an object may nest before the engine refuses it (data levels, not schema levels). */
export const MAX_DEPTH = 100;

/** The 400 for an object nested deeper than MAX_DEPTH. */
export function depthError(path: string): StatusError {
  return statusErrors.badRequest(
    `object is nested too deeply: ${path === '' ? 'the root' : path} exceeds the maximum depth of ${MAX_DEPTH}`,
  );
}

/** Whether a value can be read as a schema node (an object, not an array). */
export function isSchemaNode(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What an unresolvable or cyclic `$ref` stands for: anything goes, nothing is pruned. */
const UNKNOWN_SCHEMA: JsonSchema = { 'x-kubernetes-preserve-unknown-fields': true };

const memo = new WeakMap<SchemaResolver, WeakMap<JsonSchema, JsonSchema>>();

function hasRefAllOf(node: JsonSchema): boolean {
  return Array.isArray(node.allOf) && node.allOf.some((e) => isSchemaNode(e) && '$ref' in e);
}

function needsExpansion(node: JsonSchema): boolean {
  return typeof node.$ref === 'string' || hasRefAllOf(node);
}

function mergeSchemas(base: JsonSchema, over: JsonSchema): JsonSchema {
  const merged: JsonSchema = { ...base, ...over };
  if (base.properties !== undefined && over.properties !== undefined) {
    merged.properties = { ...base.properties, ...over.properties };
  }
  if (Array.isArray(base.required) && Array.isArray(over.required)) {
    merged.required = [...new Set([...base.required, ...over.required])];
  }
  return merged;
}

function target(ref: string, resolve: SchemaResolver, seen: ReadonlySet<string>): JsonSchema {
  if (seen.has(ref)) return UNKNOWN_SCHEMA;
  const found = resolve(ref);
  if (!isSchemaNode(found)) return UNKNOWN_SCHEMA;
  return needsExpansion(found) ? expand(found, resolve, new Set([...seen, ref])) : found;
}

function expand(node: JsonSchema, resolve: SchemaResolver, seen: ReadonlySet<string>): JsonSchema {
  const { $ref, allOf, ...own } = node;
  let merged: JsonSchema = {};
  if (typeof $ref === 'string') merged = mergeSchemas(merged, target($ref, resolve, seen));
  const kept: JsonSchema[] = [];
  for (const entry of Array.isArray(allOf) ? allOf : []) {
    if (isSchemaNode(entry) && needsExpansion(entry)) {
      merged = mergeSchemas(merged, expand(entry, resolve, seen));
    } else {
      kept.push(entry);
    }
  }
  return mergeSchemas(merged, kept.length > 0 ? { ...own, allOf: kept } : own);
}

/**
 * The effective schema of a node: `$ref` and `allOf: [{$ref}]` (as in the upstream OpenAPI
 * documents) are replaced by the referenced schemas, merged under the node's own keywords
 * (`description`, `default`…). Resolution is lazy (one node at a time, as data is walked) and
 * memoized per resolver, so recursive documents are fine; a `$ref` that does not resolve, or a
 * cycle of bare `$ref`s, stands for a schema that allows and preserves anything.
 */
export function resolveSchema(node: JsonSchema, resolve: SchemaResolver): JsonSchema {
  if (!isSchemaNode(node)) return UNKNOWN_SCHEMA;
  if (!needsExpansion(node)) return node;
  let cache = memo.get(resolve);
  if (cache === undefined) {
    cache = new WeakMap();
    memo.set(resolve, cache);
  }
  const hit = cache.get(node);
  if (hit !== undefined) return hit;
  const result = expand(node, resolve, new Set());
  cache.set(node, result);
  return result;
}

/** The schema of property `key`, when the node declares it (own properties only). */
export function propertySchema(node: JsonSchema, key: string): JsonSchema | undefined {
  const props = node.properties;
  if (typeof props !== 'object' || !Object.hasOwn(props, key)) return undefined;
  const prop: unknown = props[key];
  return isSchemaNode(prop) ? prop : undefined;
}

/** The declared properties of a node, in schema order. */
export function propertyEntries(node: JsonSchema): [string, JsonSchema][] {
  const props = node.properties;
  if (typeof props !== 'object') return [];
  return Object.entries(props).filter((e): e is [string, JsonSchema] => isSchemaNode(e[1]));
}

/** `additionalProperties` as a schema, `true`, or undefined (absent or false). */
export function additionalSchema(node: JsonSchema): JsonSchema | true | undefined {
  const extra = node.additionalProperties;
  if (extra === true) return true;
  return isSchemaNode(extra) ? extra : undefined;
}

/** The `items` schema, when it is one. */
export function itemsSchema(node: JsonSchema): JsonSchema | undefined {
  return isSchemaNode(node.items) ? node.items : undefined;
}
