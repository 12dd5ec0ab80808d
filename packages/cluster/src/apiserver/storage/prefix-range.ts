/** The half-open key range `[start, end)` holding exactly the keys that start with a prefix. */
export interface KeyRange {
  readonly start: string;
  /** Absent when the range is unbounded above (the empty prefix). */
  readonly end: string | undefined;
}

const maxCodePoint = 0x10ffff;

/**
 * The key range of a prefix, in SQLite's BINARY (UTF-8 byte, i.e. code point) order: the end is
 * the prefix with its last code point incremented.
 */
export function prefixRange(prefix: string): KeyRange {
  const codePoints = Array.from(prefix);
  const last = codePoints.pop();
  if (last === undefined) {
    return { start: prefix, end: undefined };
  }
  const code = last.codePointAt(0) ?? 0;
  if (code === maxCodePoint) {
    // No code point sorts after U+10FFFF: drop it and bound by the shorter prefix instead.
    return { start: prefix, end: prefixRange(codePoints.join('')).end };
  }
  return { start: prefix, end: codePoints.join('') + String.fromCodePoint(code + 1) };
}
