/** The only subprotocol KubeVirt's console upgrader (and the BFF in front of it) offers. */
export const consoleSubprotocol = 'plain.kubevirt.io';

/** The console sockets the BFF serves for a VMI. */
export type ConsoleKind = 'serial' | 'vnc' | 'spice';

/**
 * The URL of VMI `namespace/name`'s `kind` console socket (`/api/consoles/…`) on the page's
 * host, `wss:` when the page is served over HTTPS.
 */
export function consoleSocketUrl(
  namespace: string,
  name: string,
  kind: ConsoleKind,
  page: Pick<Location, 'protocol' | 'host'> = location,
): string {
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = `/api/consoles/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${kind}`;
  return `${scheme}//${page.host}${path}`;
}
