import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { COMPONENTS_PREFIX } from './load-builtin-schemas.ts';

/** The schemas a document needs, and the refs that could not be resolved (already replaced). */
export interface CollectedSchemas {
  /** Component name → schema: the roots and everything they reference, transitively. */
  readonly schemas: Map<string, JsonSchema>;
  /** The `$ref`s that did not resolve; each was replaced by a schema that accepts any value. */
  readonly unresolved: ReadonlySet<string>;
}

/**
 * Collects the roots and every schema they reference through `$ref` (inside properties,
 * items, additionalProperties, allOf/anyOf/oneOf and not), resolving refs with `resolve`. A ref
 * that does not resolve is replaced, in copies, by `{"x-kubernetes-preserve-unknown-fields":
 * true}` so that every `$ref` left in the result points at a collected schema.
 */
export function collectSchemas(
  roots: ReadonlyMap<string, JsonSchema>,
  resolve: SchemaResolver,
): CollectedSchemas {
  const schemas = new Map(roots);
  const unresolved = new Set<string>();
  const queue = [...roots.values()];
  for (let schema = queue.pop(); schema !== undefined; schema = queue.pop()) {
    for (const ref of refsIn(schema)) {
      // Only the v3 form can point into the document being built.
      const name = ref.startsWith(COMPONENTS_PREFIX)
        ? ref.slice(COMPONENTS_PREFIX.length)
        : undefined;
      if (name !== undefined && schemas.has(name)) continue;
      const found = name === undefined ? undefined : resolve(ref);
      if (name === undefined || found === undefined) {
        unresolved.add(ref);
        continue;
      }
      schemas.set(name, found);
      queue.push(found);
    }
  }
  if (unresolved.size > 0) {
    for (const [name, schema] of schemas) schemas.set(name, replaceRefs(schema, unresolved));
  }
  return { schemas, unresolved };
}

function childSchemas(schema: JsonSchema): JsonSchema[] {
  const children: JsonSchema[] = [];
  if (schema.properties !== undefined) children.push(...Object.values(schema.properties));
  if (typeof schema.additionalProperties === 'object') children.push(schema.additionalProperties);
  if (schema.items !== undefined) children.push(schema.items);
  for (const list of [schema.allOf, schema.anyOf, schema.oneOf]) {
    if (list !== undefined) children.push(...list);
  }
  if (schema.not !== undefined) children.push(schema.not);
  return children;
}

function refsIn(schema: JsonSchema): Set<string> {
  const refs = new Set<string>();
  const stack = [schema];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    if (current.$ref !== undefined) refs.add(current.$ref);
    stack.push(...childSchemas(current));
  }
  return refs;
}

const SINGLE_SLOTS = ['items', 'not', 'additionalProperties'] as const;
const LIST_SLOTS = ['allOf', 'anyOf', 'oneOf'] as const;

/** `schema` with unresolved refs replaced; the same object when nothing had to change. */
function replaceRefs(schema: JsonSchema, unresolved: ReadonlySet<string>): JsonSchema {
  const changes = childChanges(schema, (child) => replaceRefs(child, unresolved));
  const dropRef = schema.$ref !== undefined && unresolved.has(schema.$ref);
  if (!dropRef && Object.keys(changes).length === 0) return schema;
  const result: JsonSchema = { ...schema, ...changes };
  if (dropRef) {
    delete result.$ref;
    result['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return result;
}

/** The child schemas that `replace` changed, under their keys. */
function childChanges(schema: JsonSchema, replace: (child: JsonSchema) => JsonSchema): JsonSchema {
  const changes: JsonSchema = {};
  for (const slot of SINGLE_SLOTS) {
    const child = schema[slot];
    if (typeof child !== 'object') continue;
    const next = replace(child);
    if (next !== child) changes[slot] = next;
  }
  for (const slot of LIST_SLOTS) {
    const list = schema[slot];
    const next = mapList(list, replace);
    if (next !== undefined && next !== list) changes[slot] = next;
  }
  const properties = mapValues(schema.properties, replace);
  if (properties !== undefined && properties !== schema.properties) changes.properties = properties;
  return changes;
}

function mapValues(
  record: Record<string, JsonSchema> | undefined,
  replace: (schema: JsonSchema) => JsonSchema,
): Record<string, JsonSchema> | undefined {
  if (record === undefined) return undefined;
  let copy: Record<string, JsonSchema> | undefined;
  for (const [key, value] of Object.entries(record)) {
    const next = replace(value);
    if (next !== value) (copy ??= { ...record })[key] = next;
  }
  return copy ?? record;
}

function mapList(
  list: JsonSchema[] | undefined,
  replace: (schema: JsonSchema) => JsonSchema,
): JsonSchema[] | undefined {
  if (list === undefined) return undefined;
  const next = list.map(replace);
  return next.some((item, index) => item !== list[index]) ? next : list;
}
