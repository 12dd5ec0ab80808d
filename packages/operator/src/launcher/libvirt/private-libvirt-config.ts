import { LibvirtStartError } from './libvirt-start-error.ts';

/** The user and group QEMU runs as (names, as qemu.conf takes them). */
export interface QemuUser {
  readonly user: string;
  readonly group: string;
}

/** Debian's libvirt default, the user the project bootstrap creates (KubeVirt's is uid 107). */
export const defaultQemuUser: QemuUser = { user: 'libvirt-qemu', group: 'libvirt-qemu' };

function quoted(value: string): string {
  if (!/^[A-Za-z0-9_.+-]+$/.test(value)) {
    throw new LibvirtStartError(`'${value}' is not a valid user or group name for qemu.conf`);
  }
  return `"${value}"`;
}

/**
 * The private daemon's qemu.conf. QEMU runs as `user`; files are not relabelled (the launcher
 * prepares them with the right owner); no MAC security driver (DAC only); no cgroups (the pod
 * has its own, and two daemons would pick the same `machine/qemu-1-NAME` group); no per-VM
 * mount namespace, so every process the daemon starts stays in its namespace; QEMU's output
 * goes through virtlogd.
 */
export function qemuConf(user: QemuUser): string {
  return [
    `user = ${quoted(user.user)}`,
    `group = ${quoted(user.group)}`,
    'dynamic_ownership = 0',
    'remember_owner = 0',
    'security_driver = "none"',
    'cgroup_controllers = [ ]',
    'namespaces = [ ]',
    'stdio_handler = "logd"',
    '',
  ].join('\n');
}

/** libvirtd.conf: root-only sockets without polkit, a log file, few worker threads. */
export function libvirtdConf(): string {
  return [
    'unix_sock_ro_perms = "0700"',
    'unix_sock_rw_perms = "0700"',
    'unix_sock_admin_perms = "0700"',
    'auth_unix_ro = "none"',
    'auth_unix_rw = "none"',
    'min_workers = 1',
    'max_workers = 4',
    'prio_workers = 2',
    'log_outputs = "3:file:/var/log/libvirt/libvirtd.log"',
    '',
  ].join('\n');
}

/** virtlogd.conf: its own log file. */
export function virtlogdConf(): string {
  return ['log_outputs = "3:file:/var/log/libvirt/virtlogd.log"', ''].join('\n');
}
