import type { Json } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import type { FieldPath } from './field-path.ts';
import { FieldSet } from './field-set.ts';
import { shapeOf, type ShapeContext } from './schema-shape.ts';

/** Which writes a field set describes. */
export interface FieldSetOptions {
  /** The subresource written (`status`), or undefined for the main resource. */
  readonly subresource?: string | undefined;
  /**
   * Whether the kind has a status subresource (default true): then main-resource writes never
   * own `.status`, and status writes own only `.status`.
   */
  readonly statusSubresource?: boolean | undefined;
}

/** One member with the value it holds, for comparing two objects. */
export interface MemberValue {
  readonly path: FieldPath;
  readonly value: Json;
  /** Whether members lie below it (list items, untyped map entries with content). */
  readonly hasChildren: boolean;
}

/** Members keyed by the JSON of their path. */
export type MemberMap = Map<string, MemberValue>;

interface Walk {
  readonly ctx: ShapeContext;
  readonly out: MemberMap;
}

/** Records the members of `value`; answers whether the value itself was a leaf. */
function walk(value: Json, schema: JsonSchema | undefined, path: FieldPath, run: Walk): boolean {
  const { ctx, out } = run;
  const shape = shapeOf(value, schema, path, ctx);
  if (shape.kind === 'leaf') {
    if (path.length > 0) out.set(JSON.stringify(path), { path, value, hasChildren: false });
    return true;
  }
  for (const child of shape.children) {
    if (child.element === undefined) continue;
    const childPath = [...path, child.element];
    const before = out.size;
    const leaf = walk(child.value, child.schema, childPath, run);
    if (child.member && !leaf) {
      out.set(JSON.stringify(childPath), {
        path: childPath,
        value: child.value,
        hasChildren: out.size > before,
      });
    }
  }
  return false;
}

/** Every member of an object with its value, untracked fields included. */
export function collectMembers(
  obj: Json,
  schema: JsonSchema | undefined,
  ctx: ShapeContext,
): MemberMap {
  const out: MemberMap = new Map();
  walk(obj, schema, [], { ctx, out });
  return out;
}

const untrackedMetadata = new Set([
  'f:name',
  'f:namespace',
  'f:uid',
  'f:resourceVersion',
  'f:generation',
  'f:creationTimestamp',
  'f:deletionTimestamp',
  'f:deletionGracePeriodSeconds',
  'f:managedFields',
  'f:selfLink',
  'f:clusterName',
]);

/**
 * Whether a write of this kind records ownership of `path`: never apiVersion, kind, the
 * server-set metadata, or `.metadata` itself; `.status` only for status writes when the kind
 * has a status subresource.
 */
export function isTrackedPath(path: FieldPath, options: FieldSetOptions = {}): boolean {
  const [first, second] = path;
  if (first === 'f:apiVersion' || first === 'f:kind') return false;
  if (first === 'f:metadata' && (second === undefined || untrackedMetadata.has(second))) {
    return false;
  }
  if (options.statusSubresource === false) return true;
  const status = first === 'f:status';
  return options.subresource === 'status' ? status : !status;
}

/**
 * The set of fields an object sets, with Kubernetes' list and map semantics from its schema
 * (`x-kubernetes-list-type`, `-list-map-keys`, `-map-type`, and the patch merge key of built-in
 * documents), restricted to what a write of this kind owns (see `isTrackedPath`). Untyped parts
 * (no schema, or `x-kubernetes-preserve-unknown-fields`) own objects field by field and lists
 * whole. List items that cannot be keyed are left out.
 */
export function fieldSetOf(
  obj: Json,
  schema: JsonSchema | undefined,
  resolve: SchemaResolver,
  options: FieldSetOptions = {},
): FieldSet {
  const members = collectMembers(obj, schema, { resolve, strict: false });
  return trackedSet(members, options);
}

/** The tracked members of a member map, as a set. */
export function trackedSet(members: MemberMap, options: FieldSetOptions): FieldSet {
  const paths: FieldPath[] = [];
  for (const member of members.values()) {
    if (isTrackedPath(member.path, options)) paths.push(member.path);
  }
  return FieldSet.of(paths);
}
