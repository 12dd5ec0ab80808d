import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import {
  fieldElement,
  formatFieldPath,
  keyElement,
  valueElement,
  type FieldPath,
  type PathElement,
} from './field-path.ts';
import { objectMetaSchema } from './object-meta-schema.ts';

/** How a schema node merges and is owned, after `$ref` resolution. */
export type SchemaKind =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'scalar' }
  | {
      readonly kind: 'map';
      readonly atomic: boolean;
      readonly properties: Readonly<Record<string, JsonSchema>>;
      /** The schema of keys that are not declared properties; undefined means untyped. */
      readonly elements: JsonSchema | undefined;
    }
  | {
      readonly kind: 'list';
      readonly relation: 'atomic' | 'set' | 'map';
      readonly keys: readonly string[];
      readonly items: JsonSchema | undefined;
    };

/** One field or item below a value. */
export interface ShapeChild {
  /** Undefined for a list item that cannot be keyed (tolerated in stored objects only). */
  readonly element: PathElement | undefined;
  readonly value: Json;
  readonly schema: JsonSchema | undefined;
  /** Whether the child itself is a member of the set, besides what lies below it. */
  readonly member: boolean;
}

/** A value as the ownership walk sees it: owned whole (leaf), or a map or list of children. */
export type Shape =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'map'; readonly children: readonly ShapeChild[] }
  | { readonly kind: 'list'; readonly children: readonly ShapeChild[] };

/** A malformed applied configuration (duplicate or unkeyable list items). */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** What every walk needs: the resolver, and whether malformed lists are errors. */
export interface ShapeContext {
  readonly resolve: SchemaResolver;
  /** True for applied configurations: unkeyable or duplicate list items throw ShapeError. */
  readonly strict: boolean;
}

/** Classifications per resolver: the same `$ref` wrapper means different things in different documents. */
const kindsByResolver = new WeakMap<SchemaResolver, WeakMap<JsonSchema, SchemaKind>>();

function withoutRef(schema: JsonSchema): JsonSchema {
  const own = { ...schema };
  delete own.$ref;
  return own;
}

/** Follows `$ref` and the `allOf: [{$ref}]` wrapping of built-in documents; the wrapper's keywords win. */
export function effectiveSchema(
  schema: JsonSchema,
  resolve: SchemaResolver,
  depth = 0,
): JsonSchema {
  if (depth > 32) return schema;
  let result = schema;
  if (schema.$ref !== undefined) {
    const target = resolve(schema.$ref);
    const own = withoutRef(schema);
    result =
      target === undefined ? own : { ...effectiveSchema(target, resolve, depth + 1), ...own };
  }
  const refs = result.allOf?.filter((part) => part.$ref !== undefined) ?? [];
  if (refs.length === 0) return result;
  const own = { ...result };
  const rest = result.allOf?.filter((part) => part.$ref === undefined) ?? [];
  if (rest.length > 0) own.allOf = rest;
  else delete own.allOf;
  const parts = refs.map((part) => effectiveSchema(part, resolve, depth + 1));
  return Object.assign({}, ...parts, own) as JsonSchema;
}

function listKind(schema: JsonSchema): SchemaKind {
  const items = schema.items;
  const listType = schema['x-kubernetes-list-type'];
  const mapKeys = schema['x-kubernetes-list-map-keys'] ?? [];
  const mergeKey = schema['x-kubernetes-patch-merge-key'];
  const strategies = (schema['x-kubernetes-patch-strategy'] ?? '').split(',');
  if (listType === 'map' && mapKeys.length > 0)
    return { kind: 'list', relation: 'map', keys: mapKeys, items };
  if (listType === 'set') return { kind: 'list', relation: 'set', keys: [], items };
  if (listType === undefined && mergeKey !== undefined) {
    return { kind: 'list', relation: 'map', keys: [mergeKey], items };
  }
  if (listType === undefined && strategies.includes('merge')) {
    return { kind: 'list', relation: 'set', keys: [], items };
  }
  return { kind: 'list', relation: 'atomic', keys: [], items };
}

function mapKind(schema: JsonSchema): SchemaKind {
  const additional = schema.additionalProperties;
  return {
    kind: 'map',
    atomic: schema['x-kubernetes-map-type'] === 'atomic',
    properties: schema.properties ?? {},
    elements: isJsonObject(additional) ? additional : undefined,
  };
}

function kindOfEffective(schema: JsonSchema): SchemaKind {
  if (schema['x-kubernetes-int-or-string'] === true) return { kind: 'scalar' };
  const type =
    schema.type ??
    (schema.properties !== undefined || schema.additionalProperties !== undefined
      ? 'object'
      : schema.items !== undefined
        ? 'array'
        : undefined);
  if (type === 'object') return mapKind(schema);
  if (type === 'array') return listKind(schema);
  return type === undefined ? { kind: 'unknown' } : { kind: 'scalar' };
}

/** Classifies a schema node (memoized per node). */
export function schemaKind(schema: JsonSchema | undefined, resolve: SchemaResolver): SchemaKind {
  if (schema === undefined) return { kind: 'unknown' };
  let kinds = kindsByResolver.get(resolve);
  if (kinds === undefined) {
    kinds = new WeakMap();
    kindsByResolver.set(resolve, kinds);
  }
  let kind = kinds.get(schema);
  if (kind === undefined) {
    kind = kindOfEffective(effectiveSchema(schema, resolve));
    kinds.set(schema, kind);
  }
  return kind;
}

/** The schema of `key` inside a map node, and whether it is a declared property. */
export function mapChildSchema(
  kind: SchemaKind,
  key: string,
  parent: FieldPath,
  resolve: SchemaResolver,
): { schema: JsonSchema | undefined; declared: boolean } {
  const declared =
    kind.kind === 'map' && Object.hasOwn(kind.properties, key) ? kind.properties[key] : undefined;
  if (parent.length === 0 && key === 'metadata') {
    const described =
      declared !== undefined && effectiveSchema(declared, resolve).properties !== undefined;
    return { schema: described ? declared : objectMetaSchema, declared: true };
  }
  if (kind.kind !== 'map') return { schema: undefined, declared: false };
  if (declared !== undefined) return { schema: declared, declared: true };
  return { schema: kind.elements, declared: false };
}

function mapShape(value: JsonObject, kind: SchemaKind, path: FieldPath, ctx: ShapeContext): Shape {
  const children = Object.keys(value).map((key): ShapeChild => {
    const child = value[key] ?? null;
    const { schema, declared } = mapChildSchema(kind, key, path, ctx.resolve);
    const empty = child === null || (isJsonObject(child) && Object.keys(child).length === 0);
    return { element: fieldElement(key), value: child, schema, member: empty || !declared };
  });
  return { kind: 'map', children };
}

function itemKey(
  item: Json,
  kind: Extract<SchemaKind, { kind: 'list' }>,
  resolve: SchemaResolver,
): PathElement | string[] {
  if (item === null) return ['associative list with keys may not have a null element'];
  if (!isJsonObject(item)) return ['associative list with keys may not have non-map elements'];
  const itemSchema = kind.items === undefined ? undefined : effectiveSchema(kind.items, resolve);
  const keys: JsonObject = {};
  for (const name of kind.keys) {
    const fallback = itemSchema?.properties?.[name]?.default as Json | undefined;
    const value = item[name] ?? fallback;
    if (value === undefined) {
      return [
        `associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)`,
      ];
    }
    keys[name] = value;
  }
  return keyElement(keys);
}

function duplicate(path: FieldPath, element: PathElement): ShapeError {
  return new ShapeError(
    `${formatFieldPath(path)}: duplicate entries for key ${formatFieldPath([element])}`,
  );
}

function listShape(
  list: readonly Json[],
  kind: Extract<SchemaKind, { kind: 'list' }>,
  path: FieldPath,
  ctx: ShapeContext,
): Shape {
  if (kind.relation === 'set' && list.some((item) => isJsonObject(item) || Array.isArray(item))) {
    return { kind: 'leaf' };
  }
  const seen = new Set<string>();
  const children = list.map((item, index): ShapeChild => {
    const key = kind.relation === 'set' ? valueElement(item) : itemKey(item, kind, ctx.resolve);
    if (typeof key !== 'string') {
      if (ctx.strict)
        throw new ShapeError(`${formatFieldPath(path)}: element ${index}: ${key.join('')}`);
      return { element: undefined, value: item, schema: kind.items, member: false };
    }
    if (seen.has(key) && ctx.strict) throw duplicate(path, key);
    seen.add(key);
    return { element: key, value: item, schema: kind.items, member: true };
  });
  return { kind: 'list', children };
}

/**
 * How a value is owned under its schema: atomic lists and maps, scalars and untyped lists
 * are leaves; maps (typed or untyped) and associative lists have children.
 */
export function shapeOf(
  value: Json,
  schema: JsonSchema | undefined,
  path: FieldPath,
  ctx: ShapeContext,
): Shape {
  const kind = schemaKind(schema, ctx.resolve);
  if (isJsonObject(value)) {
    if (kind.kind === 'map' && kind.atomic) return { kind: 'leaf' };
    return mapShape(value, kind, path, ctx);
  }
  if (Array.isArray(value) && kind.kind === 'list' && kind.relation !== 'atomic') {
    return listShape(value, kind, path, ctx);
  }
  return { kind: 'leaf' };
}
