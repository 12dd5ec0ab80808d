import { isJsonObject, type Json, type JsonObject } from '../json.ts';

/** One step of a path into a JSON value: an object key or an array index. */
export type JsonStep = string | number;

/** The value at `steps` inside `value`, or undefined when any step is missing or of the wrong kind. */
export function readPath(value: Json | undefined, ...steps: readonly JsonStep[]): Json | undefined {
  let current: Json | undefined = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      current = Array.isArray(current) ? current[step] : undefined;
    } else {
      current = isJsonObject(current) ? current[step] : undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}

/** The object at `steps`, or undefined. */
export function objectAt(
  value: Json | undefined,
  ...steps: readonly JsonStep[]
): JsonObject | undefined {
  const found = readPath(value, ...steps);
  return isJsonObject(found) ? found : undefined;
}

/** The string at `steps`, or `''` when it is missing or not a string (Go's zero value). */
export function stringAt(value: Json | undefined, ...steps: readonly JsonStep[]): string {
  const found = readPath(value, ...steps);
  return typeof found === 'string' ? found : '';
}

/** The number at `steps`, or 0 when it is missing or not a number (Go's zero value). */
export function numberAt(value: Json | undefined, ...steps: readonly JsonStep[]): number {
  const found = readPath(value, ...steps);
  return typeof found === 'number' ? found : 0;
}

/** The boolean at `steps`, or undefined when it is missing or not a boolean. */
export function booleanAt(
  value: Json | undefined,
  ...steps: readonly JsonStep[]
): boolean | undefined {
  const found = readPath(value, ...steps);
  return typeof found === 'boolean' ? found : undefined;
}

/** The array at `steps`, or an empty array. */
export function arrayAt(value: Json | undefined, ...steps: readonly JsonStep[]): readonly Json[] {
  const found = readPath(value, ...steps);
  return Array.isArray(found) ? found : [];
}

/** The string values of the object at `steps` (a label map); non-string entries are skipped. */
export function stringMapAt(
  value: Json | undefined,
  ...steps: readonly JsonStep[]
): Record<string, string> {
  const found = objectAt(value, ...steps);
  const out: Record<string, string> = {};
  if (found === undefined) return out;
  for (const [key, entry] of Object.entries(found)) {
    if (typeof entry === 'string') out[key] = entry;
  }
  return out;
}
