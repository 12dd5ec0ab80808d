import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { childPath, indexPath } from './field-path.ts';
import { compareBytes } from './go-format.ts';
import { objectMetaSchema } from './object-meta-schema.ts';
import {
  additionalSchema,
  depthError,
  itemsSchema,
  MAX_DEPTH,
  propertyEntries,
  propertySchema,
  resolveSchema,
} from './resolve-schema.ts';

/** Options of pruneObject and unknownFields. */
export interface PruneOptions {
  /** The object is a whole resource: keep apiVersion/kind, prune metadata to ObjectMeta. */
  readonly isResourceRoot?: boolean;
  /**
   * The schema is a built-in kind's (upstream OpenAPI document), not a structural CRD schema:
   * a node with no properties, additionalProperties or items (RawExtension, FieldsV1…) is
   * free-form and keeps its content, as the Go types do.
   */
  readonly builtIn?: boolean;
  /** Prefix of every reported path. */
  readonly basePath?: string;
}

/** A pruned copy of the input and the dropped fields' paths (sorted, e.g. `spec.foo`). */
export interface PruneResult {
  readonly value: Json;
  readonly pruned: string[];
}

interface Walk {
  readonly resolve: SchemaResolver;
  readonly builtIn: boolean;
  readonly pruned: string[];
}

interface At {
  readonly value: Json;
  readonly schema: JsonSchema | undefined;
  readonly path: string;
  readonly depth: number;
}

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);
const DROP = Symbol('drop');
const noRefs: SchemaResolver = () => undefined;

/**
 * Structural pruning, as Kubernetes prunes custom resources: drops every field the schema does
 * not specify, unless a node has `x-kubernetes-preserve-unknown-fields: true`; an
 * `x-kubernetes-embedded-resource` (and the root, with `isResourceRoot`) keeps apiVersion, kind
 * and metadata, and its metadata is pruned to ObjectMeta. Never mutates its inputs. Paths are
 * written without a leading dot: `spec.foo`, `spec.items[0].foo`, `metadata.foo`, ready for
 * `unknown field "spec.foo"`. Throws a 400 StatusError past MAX_DEPTH levels of nesting.
 */
export function pruneObject(
  obj: Json,
  schema: JsonSchema,
  resolve: SchemaResolver,
  options: PruneOptions = {},
): PruneResult {
  const walk: Walk = { resolve, builtIn: options.builtIn ?? false, pruned: [] };
  let root = resolveSchema(schema, resolve);
  if (options.isResourceRoot === true) root = { ...root, 'x-kubernetes-embedded-resource': true };
  const value = pruneValue(walk, {
    value: obj,
    schema: root,
    path: options.basePath ?? '',
    depth: 0,
  });
  return { value, pruned: walk.pruned.sort(compareBytes) };
}

/**
 * The fields pruneObject would drop, without changing anything. Defaults to `builtIn: true`:
 * it is meant for built-in kinds, whose unknown fields a real server drops on decode (Strict →
 * 400, Warn → warnings, Ignore → dropped).
 */
export function unknownFields(
  obj: Json,
  schema: JsonSchema,
  resolve: SchemaResolver,
  options: PruneOptions = {},
): string[] {
  return pruneObject(obj, schema, resolve, { builtIn: true, ...options }).pruned;
}

/** Prunes a `metadata` value to ObjectMeta's fields; paths start with `path` (`metadata`). */
export function pruneObjectMeta(metadata: Json, path = 'metadata'): PruneResult {
  return pruneObject(metadata, objectMetaSchema, noRefs, { basePath: path });
}

function isFreeForm(node: JsonSchema): boolean {
  return (
    propertyEntries(node).length === 0 &&
    additionalSchema(node) === undefined &&
    itemsSchema(node) === undefined
  );
}

function pruneValue(walk: Walk, at: At): Json {
  if (at.depth > MAX_DEPTH) throw depthError(at.path);
  const node = at.schema === undefined ? undefined : resolveSchema(at.schema, walk.resolve);
  if (node !== undefined) {
    const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
    if (preserve || (walk.builtIn && isFreeForm(node)))
      return skipPrune(walk, { ...at, schema: node });
  }
  const value = at.value;
  if (Array.isArray(value)) {
    const items = node === undefined ? undefined : itemsSchema(node);
    return value.map((v, i) =>
      pruneValue(walk, {
        value: v,
        schema: items,
        path: indexPath(at.path, i),
        depth: at.depth + 1,
      }),
    );
  }
  if (!isJsonObject(value)) return value;
  return mapFields(value, (key, v) => pruneField(walk, { ...at, schema: node }, key, v));
}

function mapFields(
  obj: JsonObject,
  fn: (key: string, value: Json) => Json | typeof DROP,
): JsonObject {
  const entries: [string, Json][] = [];
  for (const [key, value] of Object.entries(obj)) {
    const kept = fn(key, value);
    if (kept !== DROP) entries.push([key, kept]);
  }
  return Object.fromEntries(entries);
}

function pruneMeta(walk: Walk, value: Json, path: string, depth: number): Json {
  if (!isJsonObject(value)) return value;
  return pruneValue(walk, { value, schema: objectMetaSchema, path, depth: depth + 1 });
}

function pruneField(walk: Walk, parent: At, key: string, value: Json): Json | typeof DROP {
  const path = childPath(parent.path, key);
  const node = parent.schema;
  const depth = parent.depth + 1;
  if (node === undefined) {
    walk.pruned.push(path);
    return DROP;
  }
  if (node['x-kubernetes-embedded-resource'] === true && META_FIELDS.has(key)) {
    return key === 'metadata' ? pruneMeta(walk, value, path, parent.depth) : value;
  }
  const prop = propertySchema(node, key);
  if (prop !== undefined) return pruneValue(walk, { value, schema: prop, path, depth });
  const extra = additionalSchema(node);
  if (extra === true)
    return walk.builtIn ? value : pruneValue(walk, { value, schema: undefined, path, depth });
  if (extra !== undefined) return pruneValue(walk, { value, schema: extra, path, depth });
  // Upstream drops apiVersion/kind/metadata silently at the root of a non-resource.
  if (!(parent.depth === 0 && META_FIELDS.has(key))) walk.pruned.push(path);
  return DROP;
}

/** Inside `x-kubernetes-preserve-unknown-fields`: unknown fields stay, known ones are pruned. */
function skipPrune(walk: Walk, at: At): Json {
  if (at.depth > MAX_DEPTH) throw depthError(at.path);
  const node = at.schema === undefined ? undefined : resolveSchema(at.schema, walk.resolve);
  const value = at.value;
  if (node === undefined) return value;
  if (Array.isArray(value)) {
    const items = itemsSchema(node);
    if (items === undefined) return value;
    return value.map((v, i) =>
      skipPrune(walk, {
        value: v,
        schema: items,
        path: indexPath(at.path, i),
        depth: at.depth + 1,
      }),
    );
  }
  if (!isJsonObject(value)) return value;
  return mapFields(value, (key, v) => {
    const path = childPath(at.path, key);
    if (node['x-kubernetes-embedded-resource'] === true && META_FIELDS.has(key)) {
      return key === 'metadata' ? pruneMeta(walk, v, path, at.depth) : v;
    }
    const prop = propertySchema(node, key);
    const extra = additionalSchema(node);
    const schema = prop ?? (extra === true ? undefined : extra);
    return schema === undefined
      ? v
      : pruneValue(walk, { value: v, schema, path, depth: at.depth + 1 });
  });
}
