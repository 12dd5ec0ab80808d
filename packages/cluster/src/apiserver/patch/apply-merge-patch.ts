import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import { cloneJson, getJsonProperty, setJsonProperty } from './json-property.ts';

/**
 * Applies an RFC 7386 JSON merge patch: objects merge recursively, `null` deletes a member,
 * arrays and every other non-object value replace what they patch. A non-object patch replaces
 * the whole target. The inputs are never mutated and the result shares nothing with them.
 */
export function applyMergePatch(target: Json, patch: Json): Json {
  return mergeValue(target, patch);
}

function mergeValue(target: Json | undefined, patch: Json): Json {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const base: JsonObject = isJsonObject(target) ? target : {};
  const result: JsonObject = {};
  // Members keep the target's order; new members follow in the patch's order.
  for (const [key, value] of Object.entries(base)) {
    const change = getJsonProperty(patch, key);
    if (change === undefined) setJsonProperty(result, key, cloneJson(value));
    else if (change !== null) setJsonProperty(result, key, mergeValue(value, change));
  }
  for (const [key, change] of Object.entries(patch)) {
    if (change !== null && !Object.hasOwn(base, key)) {
      setJsonProperty(result, key, mergeValue(undefined, change));
    }
  }
  return result;
}
