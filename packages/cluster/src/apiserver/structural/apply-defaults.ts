import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { childPath, indexPath } from './field-path.ts';
import {
  additionalSchema,
  depthError,
  itemsSchema,
  MAX_DEPTH,
  propertyEntries,
  propertySchema,
  resolveSchema,
} from './resolve-schema.ts';
import { cloneJson } from './schema-types.ts';

interface At {
  readonly value: Json;
  readonly schema: JsonSchema | undefined;
  readonly path: string;
  readonly depth: number;
}

/**
 * Structural defaulting, in upstream's two steps: first a `null` is removed where the schema
 * is neither nullable nor has a default (PruneNonNullableNullsWithoutDefaults); then each
 * absent property with a `default`, or a non-nullable `null` that has one, gets a deep copy of
 * it, level by level from the root, so defaults nested inside a default are applied too. Array
 * items and additionalProperties values that are non-nullable nulls take their schema's
 * default. Returns a new value; never mutates its inputs. Throws a 400 StatusError past
 * MAX_DEPTH levels of nesting.
 */
export function applyDefaults(obj: Json, schema: JsonSchema, resolve: SchemaResolver): Json {
  const withoutNulls = dropNulls(resolve, { value: obj, schema, path: '', depth: 0 });
  return defaultValue(resolve, { value: withoutNulls, schema, path: '', depth: 0 });
}

function fieldSchema(
  node: JsonSchema,
  key: string,
  resolve: SchemaResolver,
): JsonSchema | undefined {
  const schema = propertySchema(node, key) ?? additionalSchema(node);
  return schema === undefined || schema === true ? undefined : resolveSchema(schema, resolve);
}

function enter(at: At, resolve: SchemaResolver): JsonSchema | undefined {
  if (at.depth > MAX_DEPTH) throw depthError(at.path);
  return at.schema === undefined ? undefined : resolveSchema(at.schema, resolve);
}

function dropNulls(resolve: SchemaResolver, at: At): Json {
  const node = enter(at, resolve);
  const value = at.value;
  if (node === undefined) return value;
  if (Array.isArray(value)) {
    const items = itemsSchema(node);
    return value.map((v, i) =>
      dropNulls(resolve, {
        value: v,
        schema: items,
        path: indexPath(at.path, i),
        depth: at.depth + 1,
      }),
    );
  }
  if (!isJsonObject(value)) return value;
  const entries: [string, Json][] = [];
  for (const [key, v] of Object.entries(value)) {
    const schema = fieldSchema(node, key, resolve);
    const droppable = v === null && schema !== undefined && schema.nullable !== true;
    if (droppable && schema.default === undefined) continue;
    entries.push([
      key,
      dropNulls(resolve, { value: v, schema, path: childPath(at.path, key), depth: at.depth + 1 }),
    ]);
  }
  return Object.fromEntries(entries);
}

/** A non-nullable null takes the schema's default (which may be absent: it stays null). */
function fillNull(value: Json, schema: JsonSchema | undefined): Json {
  if (value !== null || schema === undefined || schema.nullable === true) return value;
  return schema.default === undefined ? null : cloneJson(schema.default);
}

function defaultValue(resolve: SchemaResolver, at: At): Json {
  const node = enter(at, resolve);
  const value = at.value;
  if (node === undefined) return value;
  if (Array.isArray(value)) {
    const items = itemsSchema(node);
    const resolved = items === undefined ? undefined : resolveSchema(items, resolve);
    return value.map((v, i) =>
      defaultValue(resolve, {
        value: fillNull(v, resolved),
        schema: resolved,
        path: indexPath(at.path, i),
        depth: at.depth + 1,
      }),
    );
  }
  return isJsonObject(value) ? defaultFields(resolve, node, { ...at, schema: node }, value) : value;
}

function defaultFields(
  resolve: SchemaResolver,
  node: JsonSchema,
  at: At,
  obj: JsonObject,
): JsonObject {
  const fields = new Map<string, Json>(Object.entries(obj));
  for (const [key, raw] of propertyEntries(node)) {
    const prop = resolveSchema(raw, resolve);
    if (prop.default === undefined) continue;
    const current = fields.get(key);
    if (current === undefined || (current === null && prop.nullable !== true)) {
      fields.set(key, cloneJson(prop.default));
    }
  }
  const entries: [string, Json][] = [];
  for (const [key, v] of fields) {
    const schema = fieldSchema(node, key, resolve);
    const isExtra = propertySchema(node, key) === undefined;
    const filled = isExtra ? fillNull(v, schema) : v;
    entries.push([
      key,
      defaultValue(resolve, {
        value: filled,
        schema,
        path: childPath(at.path, key),
        depth: at.depth + 1,
      }),
    ]);
  }
  return Object.fromEntries(entries);
}
