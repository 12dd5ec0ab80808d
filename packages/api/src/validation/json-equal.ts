function isMissing(value: unknown): boolean {
  return value == null;
}

function objectsEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!jsonEqual(a[key], b[key])) return false;
  }
  return true;
}

/**
 * Deep equality of two JSON values, ignoring key order; an absent field equals `null`, as for
 * Go's omitempty pointers.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    return objectsEqual(a as Record<string, unknown>, b as Record<string, unknown>);
  }
  return a === b;
}
