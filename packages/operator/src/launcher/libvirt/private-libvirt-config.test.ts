import { describe, expect, it } from 'vitest';
import { LibvirtStartError } from './libvirt-start-error.ts';
import { libvirtdConf, qemuConf, virtlogdConf } from './private-libvirt-config.ts';
import { privateLibvirtLayout } from './private-libvirt-layout.ts';
import { qemuOwnerFrom } from './qemu-owner.ts';

describe('qemuConf', () => {
  it('runs QEMU as the given user, DAC only, without cgroups or per-VM namespaces, logs via virtlogd', () => {
    const conf = qemuConf({ user: 'libvirt-qemu', group: 'kvm' });
    expect(conf.split('\n')).toEqual(
      expect.arrayContaining([
        'user = "libvirt-qemu"',
        'group = "kvm"',
        'dynamic_ownership = 0',
        'security_driver = "none"',
        'cgroup_controllers = [ ]',
        'namespaces = [ ]',
        'stdio_handler = "logd"',
      ]),
    );
  });

  it('refuses a name that would break the file', () => {
    expect(() => qemuConf({ user: 'x"\nuser = "root', group: 'g' })).toThrow(LibvirtStartError);
  });
});

describe('daemon configuration', () => {
  it('keeps the sockets root-only without polkit and logs to the private log directory', () => {
    expect(libvirtdConf()).toContain('unix_sock_rw_perms = "0700"');
    expect(libvirtdConf()).toContain('auth_unix_rw = "none"');
    expect(libvirtdConf()).toContain('file:/var/log/libvirt/libvirtd.log');
    expect(virtlogdConf()).toContain('file:/var/log/libvirt/virtlogd.log');
  });
});

describe('privateLibvirtLayout', () => {
  it('puts everything under the directory and connects through its socket', () => {
    const layout = privateLibvirtLayout('/run/pods/p1/libvirt');
    expect(layout.socketPath).toBe('/run/pods/p1/libvirt/run/libvirt-sock');
    expect(layout.uri).toBe('qemu:///system?socket=/run/pods/p1/libvirt/run/libvirt-sock');
    expect(layout.qemuPidDir).toBe('/run/pods/p1/libvirt/run/qemu');
    expect(layout.qemuLogDir).toBe('/run/pods/p1/libvirt/log/qemu');
  });
});

describe('qemuOwnerFrom', () => {
  const passwd =
    'root:x:0:0:root:/root:/bin/bash\nlibvirt-qemu:x:999:995::/var/lib/libvirt:/usr/sbin/nologin\n';
  const group = 'root:x:0:\nkvm:x:994:\nlibvirt-qemu:x:995:\n';

  it('finds the uid of the user and the gid of the group', () => {
    expect(qemuOwnerFrom(passwd, group, { user: 'libvirt-qemu', group: 'kvm' })).toEqual({
      uid: 999,
      gid: 994,
    });
  });

  it.each([
    [{ user: 'qemu', group: 'kvm' }, /user 'qemu'/],
    [{ user: 'libvirt-qemu', group: 'qemu' }, /group 'qemu'/],
  ])('names what is missing', (user, message) => {
    expect(() => qemuOwnerFrom(passwd, group, user)).toThrow(message);
  });
});
