/** An RFC 3339 timestamp with whole seconds (as `metav1.Time` serializes) of `ms` since the epoch. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
