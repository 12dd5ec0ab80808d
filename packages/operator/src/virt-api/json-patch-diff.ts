/** One RFC 6902 operation, as admission webhooks return them (`patchType: JSONPatch`). */
export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

type PlainObject = Readonly<Record<string, unknown>>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes one reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Structural equality of JSON values; object keys holding `undefined` count as absent. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...definedKeys(a), ...definedKeys(b)]);
    return [...keys].every((key) => jsonEqual(a[key], b[key]));
  }
  return false;
}

function definedKeys(object: PlainObject): string[] {
  return Object.keys(object).filter((key) => object[key] !== undefined);
}

function diffObjects(from: PlainObject, to: PlainObject, path: string): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  for (const key of definedKeys(from)) {
    if (to[key] === undefined)
      ops.push({ op: 'remove', path: `${path}/${escapePointerToken(key)}` });
  }
  for (const key of definedKeys(to)) {
    const at = `${path}/${escapePointerToken(key)}`;
    if (from[key] === undefined) ops.push({ op: 'add', path: at, value: to[key] });
    else ops.push(...diffValues(from[key], to[key], at));
  }
  return ops;
}

/** Common prefix item by item, then appends (ascending) or removals from the end (descending). */
function diffArrays(
  from: readonly unknown[],
  to: readonly unknown[],
  path: string,
): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  const common = Math.min(from.length, to.length);
  for (let i = 0; i < common; i += 1) ops.push(...diffValues(from[i], to[i], `${path}/${i}`));
  for (let i = common; i < to.length; i += 1) {
    ops.push({ op: 'add', path: `${path}/${i}`, value: to[i] });
  }
  for (let i = from.length - 1; i >= common; i -= 1)
    ops.push({ op: 'remove', path: `${path}/${i}` });
  return ops;
}

function diffValues(from: unknown, to: unknown, path: string): JsonPatchOperation[] {
  if (isPlainObject(from) && isPlainObject(to)) return diffObjects(from, to, path);
  if (Array.isArray(from) && Array.isArray(to)) return diffArrays(from, to, path);
  return jsonEqual(from, to) ? [] : [{ op: 'replace', path, value: to }];
}

/**
 * The JSON Patch that turns `from` into `to`: objects are compared key by key (a missing or
 * `undefined` key is absent), arrays index by index with appends or trailing removals, and any
 * other change is a `replace` of the smallest differing value. Applying the operations in
 * order to `from` yields `to`; equal documents give no operations.
 */
export function jsonPatchDiff(from: unknown, to: unknown): JsonPatchOperation[] {
  return diffValues(from, to, '');
}
