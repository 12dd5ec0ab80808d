import type { JsonObject } from '../json.ts';
import { getJsonProperty, setJsonProperty } from './json-property.ts';
import { malformedPatch } from './patch-error.ts';

/** `$patch: replace|delete|merge` on a map or a list item. */
export const PATCH_DIRECTIVE = '$patch';
/** `$retainKeys: [...]`: the fields of the map that survive the patch. */
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
/** `$setElementOrder/<list>: [...]`: the order of a merged list. */
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';
/** `$deleteFromPrimitiveList/<list>: [...]`: values to remove from a list of primitives. */
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';

export type PatchDirective = 'replace' | 'delete' | 'merge';

/** How a location of the patch is named in messages. */
export function describePath(path: string): string {
  return path === '' ? 'the top level of the patch' : `"${path}"`;
}

/** The `$patch` directive of a map, validated; undefined when there is none. */
export function patchDirective(object: JsonObject, path: string): PatchDirective | undefined {
  const value = getJsonProperty(object, PATCH_DIRECTIVE);
  if (value === undefined) return undefined;
  if (value === 'replace' || value === 'delete' || value === 'merge') return value;
  throw malformedPatch(
    `invalid ${PATCH_DIRECTIVE} directive ${JSON.stringify(value)} at ${describePath(path)}: expected "replace", "delete" or "merge"`,
  );
}

/** A shallow copy of a map without its `$patch` directive. */
export function withoutPatchDirective(object: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (key !== PATCH_DIRECTIVE) setJsonProperty(copy, key, value);
  }
  return copy;
}

/** Whether a patch key is a directive rather than a field (`$patch` aside). */
export function isDirectiveKey(key: string): boolean {
  return (
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(SET_ELEMENT_ORDER_PREFIX) ||
    key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)
  );
}

/** The list field a `<prefix>/<field>` directive key names; malformed when the key has no field. */
export function parallelListField(key: string, prefix: string, path: string): string {
  const field = key.startsWith(prefix + '/') ? key.slice(prefix.length + 1) : '';
  if (field === '') {
    throw malformedPatch(
      `invalid directive "${key}" at ${describePath(path)}: expected "${prefix}/<list field>"`,
    );
  }
  return field;
}
