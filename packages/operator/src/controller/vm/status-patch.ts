import { isDeepStrictEqual } from 'node:util';

/**
 * The JSON merge patch from status `before` to `after`: each changed top-level field with its
 * new value (null for a removed one), or `undefined` when nothing changed.
 */
export function statusPatch(
  before: object | undefined,
  after: object,
): Record<string, unknown> | undefined {
  const old = (before ?? {}) as Record<string, unknown>;
  const next = after as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(old), ...Object.keys(next)])) {
    if (!isDeepStrictEqual(old[key], next[key])) patch[key] = next[key] ?? null;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
