/** The registry of the images Podvisor builds itself. */
export const LOCAL_REGISTRY = 'podvisor.local';

/** A container image reference, checked and normalized for catalog lookups. */
export interface ImageRef {
  /** The reference with a `:latest` tag dropped: `podvisor.local/tiny:latest` → `podvisor.local/tiny`. */
  readonly normalized: string;
  /** The directory under DATA_DIR/images that holds it: `tiny` for `podvisor.local/tiny`. */
  readonly dirName: string;
}

const domain = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?/)`;
const component = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`;
const tag = String.raw`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`;
const digest = String.raw`[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`;
// The grammar of github.com/distribution/reference, without its 255-character name limit.
const referencePattern = new RegExp(
  `^(${domain}?${component}(?:/${component})*)(?::(${tag}))?(?:@(${digest}))?$`,
);

/**
 * Checks an image reference against the container reference grammar and normalizes it: a
 * `:latest` tag without a digest is dropped, so `podvisor.local/tiny:latest` and
 * `podvisor.local/tiny` are the same image, and a name without a registry gets Docker's
 * (`fedora` → `docker.io/library/fedora`). Returns a message naming the problem otherwise.
 */
export function parseImageRef(
  reference: string,
): { ok: true; ref: ImageRef } | { ok: false; message: string } {
  const match = referencePattern.exec(reference);
  const name = match?.[1];
  if (name === undefined)
    return {
      ok: false,
      message: `${JSON.stringify(reference)} is not a valid image reference (expected REGISTRY/NAME[:TAG], for example ${LOCAL_REGISTRY}/tiny)`,
    };
  const tagPart = match?.[2];
  const digestPart = match?.[3];
  const keepTag = tagPart !== undefined && (tagPart !== 'latest' || digestPart !== undefined);
  const normalized = `${withDomain(name)}${keepTag ? `:${tagPart}` : ''}${digestPart === undefined ? '' : `@${digestPart}`}`;
  return { ok: true, ref: { normalized, dirName: dirNameOf(normalized) } };
}

/** Docker's defaults, as the kubelet applies them: `fedora` → `docker.io/library/fedora`. */
function withDomain(name: string): string {
  const [first = '', ...rest] = name.split('/');
  const hasDomain =
    rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain) return name;
  return rest.length === 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
}

/**
 * `podvisor.local/NAME` lives in `NAME`; any other reference (which always has a `/` by now) in
 * its text with `/` as `+` and `:` as `=`. Neither can occur in a reference, so different
 * references never share a directory.
 */
function dirNameOf(normalized: string): string {
  const local = `${LOCAL_REGISTRY}/`;
  const rest = normalized.slice(local.length);
  if (normalized.startsWith(local) && /^[a-z0-9._-]+$/.test(rest)) return rest;
  return normalized.replaceAll('/', '+').replaceAll(':', '=');
}
