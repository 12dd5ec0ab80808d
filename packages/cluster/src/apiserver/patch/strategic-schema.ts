import type { JsonSchema, SchemaResolver } from '../json-schema.ts';

/** How deep `$ref` / `allOf` chains are followed (guards against reference cycles). */
const MAX_EXPANSION_DEPTH = 16;

/** What a strategic merge patch needs to know about one field. */
export interface FieldPatchMeta {
  /** `x-kubernetes-patch-strategy`, split on commas: `merge`, `replace`, `retainKeys`. */
  readonly strategies: ReadonlySet<string>;
  /** `x-kubernetes-patch-merge-key`, for lists of objects merged by key. */
  readonly mergeKey: string | undefined;
}

const NO_META: FieldPatchMeta = { strategies: new Set(), mergeKey: undefined };

/**
 * A schema together with the schemas it stands for: the targets of its `$ref`, and the members of
 * its `allOf` (the upstream OpenAPI v3 documents wrap references as `allOf: [{ $ref }]`).
 */
export function expandSchema(
  schema: JsonSchema | undefined,
  resolve: SchemaResolver,
  depth = 0,
): JsonSchema[] {
  if (schema === undefined || depth > MAX_EXPANSION_DEPTH) return [];
  const expanded = [schema];
  if (schema.$ref !== undefined)
    expanded.push(...expandSchema(resolve(schema.$ref), resolve, depth + 1));
  for (const member of schema.allOf ?? [])
    expanded.push(...expandSchema(member, resolve, depth + 1));
  return expanded;
}

/** The schema of an object's field: a declared property, else the additionalProperties schema. */
export function propertySchema(
  schema: JsonSchema | undefined,
  key: string,
  resolve: SchemaResolver,
): JsonSchema | undefined {
  const expanded = expandSchema(schema, resolve);
  for (const candidate of expanded) {
    const properties = candidate.properties;
    if (properties !== undefined && Object.hasOwn(properties, key)) return properties[key];
  }
  for (const candidate of expanded) {
    const additional = candidate.additionalProperties;
    if (typeof additional === 'object') return additional;
  }
  return undefined;
}

/** The schema of an array's items. */
export function itemsSchema(
  schema: JsonSchema | undefined,
  resolve: SchemaResolver,
): JsonSchema | undefined {
  return expandSchema(schema, resolve).find((candidate) => candidate.items !== undefined)?.items;
}

/** The patch strategy and merge key declared on a field's schema. */
export function fieldPatchMeta(
  schema: JsonSchema | undefined,
  resolve: SchemaResolver,
): FieldPatchMeta {
  const expanded = expandSchema(schema, resolve);
  const strategy = expanded.find((s) => s['x-kubernetes-patch-strategy'] !== undefined)?.[
    'x-kubernetes-patch-strategy'
  ];
  const mergeKey = expanded.find((s) => s['x-kubernetes-patch-merge-key'] !== undefined)?.[
    'x-kubernetes-patch-merge-key'
  ];
  if (strategy === undefined && mergeKey === undefined) return NO_META;
  const strategies = new Set(
    (strategy ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  );
  return { strategies, mergeKey };
}
