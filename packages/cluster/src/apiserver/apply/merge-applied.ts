import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import type { JsonSchema } from '../json-schema.ts';
import type { FieldPath, PathElement } from './field-path.ts';
import {
  mapChildSchema,
  schemaKind,
  shapeOf,
  type ShapeChild,
  type ShapeContext,
} from './schema-shape.ts';

interface MergeStep {
  readonly schema: JsonSchema | undefined;
  readonly path: FieldPath;
  readonly ctx: ShapeContext;
}

function mergeMaps(live: Json | undefined, applied: JsonObject, step: MergeStep): JsonObject {
  const result: JsonObject = isJsonObject(live) ? { ...live } : {};
  const kind = schemaKind(step.schema, step.ctx.resolve);
  const cleared = new Set<string>();
  for (const [key, value] of Object.entries(applied)) {
    if (value === null) {
      // An explicit null owns the field and clears it.
      cleared.add(key);
      continue;
    }
    const { schema } = mapChildSchema(kind, key, step.path, step.ctx.resolve);
    const childStep = { schema, path: [...step.path, `f:${key}`], ctx: step.ctx };
    result[key] = mergeValue(result[key], value, childStep);
  }
  if (cleared.size === 0) return result;
  return Object.fromEntries(Object.entries(result).filter(([key]) => !cleared.has(key)));
}

function keyedChildren(value: Json | undefined, step: MergeStep): readonly ShapeChild[] {
  if (!Array.isArray(value)) return [];
  const shape = shapeOf(value, step.schema, step.path, { ...step.ctx, strict: false });
  return shape.kind === 'list' ? shape.children : [];
}

/**
 * Merges an associative list the way structured-merge-diff orders it: items only in the live
 * list keep their place, applied items follow the applied order, and an applied item that is
 * new goes just before the next item both lists share (or at the end).
 */
function mergeLists(
  live: Json | undefined,
  applied: readonly ShapeChild[],
  step: MergeStep,
): Json[] {
  const liveItems = keyedChildren(live, step);
  const liveByKey = new Map<PathElement, Json>();
  for (const item of liveItems) {
    if (item.element !== undefined && !liveByKey.has(item.element))
      liveByKey.set(item.element, item.value);
  }
  const appliedIndex = new Map<PathElement, number>();
  applied.forEach((item, index) => {
    if (item.element !== undefined) appliedIndex.set(item.element, index);
  });
  const out: Json[] = [];
  const emitted = new Set<PathElement>();
  let next = 0;
  const emitThrough = (last: number): void => {
    for (; next <= last; next++) {
      const item = applied[next];
      if (item?.element === undefined || emitted.has(item.element)) continue;
      emitted.add(item.element);
      const childStep = { schema: item.schema, path: [...step.path, item.element], ctx: step.ctx };
      out.push(mergeValue(liveByKey.get(item.element), item.value, childStep));
    }
  };
  for (const item of liveItems) {
    const index = item.element === undefined ? undefined : appliedIndex.get(item.element);
    if (index === undefined) out.push(item.value);
    else emitThrough(index);
  }
  emitThrough(applied.length - 1);
  return out;
}

function mergeValue(live: Json | undefined, applied: Json, step: MergeStep): Json {
  const shape = shapeOf(applied, step.schema, step.path, step.ctx);
  if (shape.kind === 'leaf') return structuredClone(applied);
  if (shape.kind === 'map' && isJsonObject(applied)) return mergeMaps(live, applied, step);
  return mergeLists(live, shape.children, step);
}

/**
 * Merges an applied configuration into a live object, as server-side apply does: maps merge
 * key by key, associative lists merge item by item (by key or by value), and everything atomic
 * (scalars, atomic lists and maps, untyped lists) is replaced by the applied value.
 * @throws ShapeError when the applied configuration has unkeyable or duplicate list items.
 */
export function mergeApplied(
  live: JsonObject,
  applied: JsonObject,
  schema: JsonSchema | undefined,
  ctx: ShapeContext,
): JsonObject {
  return mergeMaps(live, applied, { schema, path: [], ctx });
}
