import type { Json, JsonObject } from '../json.ts';

/** The own property `key` of a JSON object, never an inherited one (`toString`, `__proto__`…). */
export function getJsonProperty(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets an own property, also for the key `__proto__` (which a plain assignment would not create). */
export function setJsonProperty(object: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    object[key] = value;
  }
}

/** A deep copy of a JSON value that shares nothing with the input. */
export function cloneJson(value: Json): Json {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (value === null || typeof value !== 'object') return value;
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) setJsonProperty(copy, key, cloneJson(item));
  return copy;
}

/** A short description of a value's JSON type, for error messages. */
export function jsonTypeName(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
