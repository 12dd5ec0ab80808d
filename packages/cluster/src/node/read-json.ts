import { isJsonObject, type Json, type JsonObject } from '../apiserver/json.ts';

/** The object at `value`, or an empty object when it is missing or not an object. */
export function readObject(value: Json | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** The objects of an array at `value` (non-objects are skipped); empty when it is not an array. */
export function readObjects(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** The strings of an array at `value`; empty when it is not an array of strings. */
export function readStrings(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}

/** The string at `value`, or `fallback`. */
export function readString(value: Json | undefined, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** The number at `value`, or `fallback`. */
export function readNumber(value: Json | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The boolean at `value`, or `fallback`. */
export function readBoolean(value: Json | undefined, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** A pod's (or any object's) identity, for messages and keys. */
export interface ObjectRef {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

/** Reads namespace, name and uid from an object's metadata. */
export function objectRef(obj: JsonObject): ObjectRef {
  const meta = readObject(obj['metadata']);
  return {
    namespace: readString(meta['namespace']),
    name: readString(meta['name']),
    uid: readString(meta['uid']),
  };
}
