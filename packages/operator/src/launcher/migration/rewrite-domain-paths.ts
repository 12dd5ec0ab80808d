/**
 * The source domain's XML with every path under one of `moves`' `from` directories moved under
 * its `to` (the target launcher's own VM directory and image catalog): QEMU on the target then
 * binds the serial, VNC, SPICE and agent sockets in its own pod. Only whole path components
 * match (`/a/vm/x`, never `/a/vm2/x`).
 */
export function rewriteDomainPaths(
  xml: string,
  moves: readonly { readonly from: string; readonly to: string }[],
): string {
  let result = xml;
  for (const { from, to } of moves) {
    const prefix = from.replace(/\/+$/, '');
    if (prefix === '' || prefix === to.replace(/\/+$/, '')) continue;
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A path starts after a quote or `>` and the prefix ends at `/`, a quote or `<`.
    const pattern = new RegExp(`(?<=['">])${escaped}(?=[/'"<])`, 'g');
    result = result.replace(pattern, to.replace(/\/+$/, ''));
  }
  return result;
}
