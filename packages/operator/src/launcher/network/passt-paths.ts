import { join } from 'node:path';

/** Where the guest's passt keeps its socket. */
export interface PasstPaths {
  /** Its directory, as the launcher sees it: `<libvirt run>/passt`, owned by QEMU's user. */
  readonly dir: string;
  /** The socket, as the launcher (and passt, in the launcher's mount namespace) sees it. */
  readonly socket: string;
  /** The same socket as QEMU sees it: the domain XML names this one. */
  readonly qemuSocket: string;
}

/** The run directory of libvirt as QEMU sees it, in every launcher (see `startPrivateLibvirt`). */
const qemuRunDir = '/run/libvirt';

/**
 * The passt socket in the private libvirtd's run directory (`libvirtRun`), which QEMU sees as
 * /run/libvirt in every launcher: the domain XML names the same path in a migration's source and
 * target, and each QEMU finds its own pod's passt there.
 */
export function passtPaths(libvirtRun: string): PasstPaths {
  const dir = join(libvirtRun, 'passt');
  return {
    dir,
    socket: join(dir, 'passt.sock'),
    qemuSocket: join(qemuRunDir, 'passt', 'passt.sock'),
  };
}
