const canonical = /^(0|[1-9][0-9]*)$/;

/**
 * Orders two resourceVersions when both are canonical decimal integers (what kube-apiserver and
 * the embedded server produce; KEP-5504 makes them comparable within one resource): negative when
 * `a` is older, 0 when equal, positive when newer. Compares length then text, so values beyond
 * 2^53 stay exact (never `parseInt`). `undefined` when either is opaque: the caller must not guess.
 */
export function compareResourceVersions(a: string, b: string): number | undefined {
  if (!canonical.test(a) || !canonical.test(b)) return undefined;
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `candidate` is newer than `current`; opaque versions count as newer (nothing is dropped). */
export function isNewerResourceVersion(candidate: string, current: string | undefined): boolean {
  if (current === undefined) return true;
  const order = compareResourceVersions(candidate, current);
  return order === undefined || order > 0;
}
