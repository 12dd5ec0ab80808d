import { isJsonObject, type Json } from '../json.ts';
import type { JsonSchema } from '../json-schema.ts';
import type { FieldPath } from './field-path.ts';
import type { FieldSet } from './field-set.ts';
import { shapeOf, type ShapeContext } from './schema-shape.ts';

interface RemoveStep {
  readonly schema: JsonSchema | undefined;
  readonly path: FieldPath;
  readonly remove: FieldSet;
  readonly ctx: ShapeContext;
}

function removeBelow(value: Json, step: RemoveStep): Json {
  const shape = shapeOf(value, step.schema, step.path, step.ctx);
  if (shape.kind === 'leaf') return value;
  const kept: [string, Json][] = [];
  const keys = isJsonObject(value) ? Object.keys(value) : [];
  shape.children.forEach((child, index) => {
    const name = keys[index] ?? '';
    if (child.element === undefined) {
      kept.push([name, child.value]);
      return;
    }
    const path = [...step.path, child.element];
    if (step.remove.has(path)) return;
    const next = step.remove.hasBelow(path)
      ? removeBelow(child.value, { ...step, schema: child.schema, path })
      : child.value;
    kept.push([name, next]);
  });
  return shape.kind === 'map' ? Object.fromEntries(kept) : kept.map(([, item]) => item);
}

/**
 * Removes the fields and list items whose paths are in `remove` (a member removes everything
 * below it). Paths that are not in the object are ignored.
 */
export function removeFields(
  value: Json,
  schema: JsonSchema | undefined,
  remove: FieldSet,
  ctx: ShapeContext,
): Json {
  if (remove.isEmpty()) return value;
  return removeBelow(value, { schema, path: [], remove, ctx: { ...ctx, strict: false } });
}
