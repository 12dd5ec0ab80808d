import { join } from 'node:path';

/** Where a private libvirt keeps its state, all under one directory. */
export interface PrivateLibvirtLayout {
  readonly dir: string;
  /** Bind-mounted over /run/libvirt, /var/lib/libvirt, /var/log/libvirt, /var/cache/libvirt, /etc/libvirt. */
  readonly run: string;
  readonly lib: string;
  readonly log: string;
  readonly cache: string;
  readonly etc: string;
  /** The daemon's socket, as the launcher (outside the namespace) reaches it. */
  readonly socketPath: string;
  readonly uri: string;
  readonly libvirtdPidFile: string;
  readonly virtlogdPidFile: string;
  /** An empty root-only file bind-mounted over /dev/kvm under TCG (see startPrivateLibvirt). */
  readonly noKvmFile: string;
  /** libvirt's pid files of the QEMU processes (`<run>/qemu/<domain>.pid`). */
  readonly qemuPidDir: string;
  /** QEMU's command line and messages per domain (`<log>/qemu/<domain>.log`). */
  readonly qemuLogDir: string;
}

/** The layout of a private libvirt in `dir` (absolute). */
export function privateLibvirtLayout(dir: string): PrivateLibvirtLayout {
  const run = join(dir, 'run');
  const socketPath = join(run, 'libvirt-sock');
  return {
    dir,
    run,
    lib: join(dir, 'lib'),
    log: join(dir, 'log'),
    cache: join(dir, 'cache'),
    etc: join(dir, 'etc'),
    socketPath,
    uri: `qemu:///system?socket=${socketPath}`,
    libvirtdPidFile: join(dir, 'libvirtd.pid'),
    virtlogdPidFile: join(dir, 'virtlogd.pid'),
    noKvmFile: join(dir, 'no-kvm'),
    qemuPidDir: join(run, 'qemu'),
    qemuLogDir: join(dir, 'log', 'qemu'),
  };
}

/**
 * The layout of daemons started without a private namespace (inside a container that already
 * has its own): libvirt's standard paths; only the pid files go to `dir`.
 */
export function standardLibvirtLayout(dir: string): PrivateLibvirtLayout {
  return {
    ...privateLibvirtLayout(dir),
    run: '/run/libvirt',
    lib: '/var/lib/libvirt',
    log: '/var/log/libvirt',
    cache: '/var/cache/libvirt',
    etc: '/etc/libvirt',
    socketPath: '/run/libvirt/libvirt-sock',
    uri: 'qemu:///system',
    qemuPidDir: '/run/libvirt/qemu',
    qemuLogDir: '/var/log/libvirt/qemu',
  };
}
