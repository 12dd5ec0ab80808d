import { isJsonObject, type Json } from '../json.ts';
import { getJsonProperty } from './json-property.ts';

/** Whether two JSON values are equal: same type, same array order, same object members in any order. */
export function deepEqualJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => deepEqualJson(item, b[i] ?? null))
    );
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => {
      const other = getJsonProperty(b, key);
      return other !== undefined && deepEqualJson(a[key] ?? null, other);
    });
  }
  return false;
}
