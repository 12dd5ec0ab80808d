import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { deepEqualJson } from '../../apiserver/patch/index.ts';

/**
 * The merge patch that turns the object's status into `next` (fields `next` lacks are removed),
 * or undefined when the status is already `next`.
 */
export function statusPatch(obj: KubeObject, next: JsonObject): JsonObject | undefined {
  const current = isJsonObject(obj['status']) ? obj['status'] : {};
  if (deepEqualJson(current, next)) return undefined;
  const status: Record<string, Json> = { ...next };
  for (const key of Object.keys(current)) if (!(key in next)) status[key] = null;
  return { status };
}

/** Sets `obj[key]` to a count, or leaves it out when it is 0 (Go's `omitempty`). */
export function setCount(obj: JsonObject, key: string, count: number): void {
  if (count !== 0) obj[key] = count;
}
