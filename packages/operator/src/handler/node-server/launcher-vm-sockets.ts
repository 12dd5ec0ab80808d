import { join } from 'node:path';
import type { Socket } from 'node:net';
import { connectNoFollow } from '../../protocol/v1/index.ts';
import { launcherPodLayout } from '../../shared/launcher-pod-layout.ts';
import type { StreamKind } from './node-route.ts';

/** The launcher's socket of each stream, in its per-VM directory (`launcherPathsIn`). */
export const streamSocketNames = {
  console: 'serial.sock',
  vnc: 'vnc.sock',
  spice: 'spice.sock',
} as const satisfies Record<StreamKind, string>;

/** What each stream is, in close reasons and messages. */
export const streamNames = {
  console: 'the serial console',
  vnc: 'the VNC display',
  spice: 'the SPICE display',
} as const satisfies Record<StreamKind, string>;

/**
 * A launcher pod's per-VM directory (serial, VNC and SPICE sockets) below the node's pod
 * directories: `<podsDir>/<podUid>/volumes/kubernetes.io~empty-dir/private/vm`.
 */
export function launcherVmDir(podsDir: string, podUid: string): string {
  return join(
    podsDir,
    podUid,
    'volumes',
    'kubernetes.io~empty-dir',
    launcherPodLayout.volumes.private.name,
    'vm',
  );
}

/** Opens a socket by directory and name; the node endpoint's default never follows symlinks. */
export type ConnectStreamSocket = (dir: string, name: string) => Promise<Socket>;

/** {@link ConnectStreamSocket} with `connectNoFollow` below `trustedRoot` (ADR 0010). */
export function noFollowConnector(trustedRoot: string): ConnectStreamSocket {
  return (dir, name) => connectNoFollow(dir, name, { trustedRoot });
}
