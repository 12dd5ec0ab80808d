/**
 * Parses an RFC 6901 JSON pointer into its unescaped reference tokens (`""` → `[]`,
 * `"/a~1b/~0c"` → `["a/b", "~c"]`). Returns a reason string when the pointer is invalid.
 */
export function parseJsonPointer(pointer: string): string[] | { invalid: string } {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    return { invalid: 'a JSON pointer must be empty or start with "/"' };
  const tokens = pointer.slice(1).split('/');
  for (const token of tokens) {
    if (/~(?![01])/.test(token)) {
      return { invalid: 'in a JSON pointer "~" must be followed by "0" or "1"' };
    }
  }
  return tokens.map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Formats reference tokens back into a JSON pointer (the inverse of parseJsonPointer). */
export function formatJsonPointer(tokens: readonly string[]): string {
  return tokens.map((token) => '/' + token.replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** The array index a reference token names: digits without a leading zero, or undefined. */
export function parseArrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}
