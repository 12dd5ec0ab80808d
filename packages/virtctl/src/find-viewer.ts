import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A viewer program and its arguments to show a local display proxy. */
export interface Viewer {
  readonly command: string;
  readonly args: readonly string[];
}

/** Which display protocol the proxy carries. */
export type DisplayKind = 'vnc' | 'spice';

function onPath(program: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The URL a viewer opens for a display proxy: `vnc://127.0.0.1:5900`, `spice://…`. */
export function displayUrl(kind: DisplayKind, address: string, port: number): string {
  return `${kind}://${hostPort(address, port)}`;
}

/**
 * The first installed viewer on `path` ($PATH) for a display, as virtctl picks them on Linux:
 * `remote-viewer` (VNC and SPICE), then TigerVNC's `vncviewer` (VNC only).
 */
export function findViewer(options: {
  kind: DisplayKind;
  address: string;
  port: number;
  path: string;
}): Viewer | undefined {
  const { kind, address, port, path } = options;
  const remoteViewer = onPath('remote-viewer', path);
  if (remoteViewer !== undefined) {
    return { command: remoteViewer, args: [displayUrl(kind, address, port)] };
  }
  if (kind === 'vnc') {
    const vncviewer = onPath('vncviewer', path);
    // `host::port` names a port; `host:N` would be display N to TigerVNC.
    if (vncviewer !== undefined) return { command: vncviewer, args: [`${address}::${port}`] };
  }
  return undefined;
}
