import type { RootfsFile } from './tiny-recipe.ts';

/** How the debian guest is made: mmdebstrap installs Debian packages, then the recipe configures. */
export interface DebianRecipe {
  readonly name: 'debian';
  /** Bump to force a rebuild when the builder's own output changes. */
  readonly version: number;
  readonly suite: string;
  /** apt sources lines, the only network the build uses. */
  readonly sources: readonly string[];
  /** mmdebstrap's package set before `packages` (`minbase`: Essential and Priority required). */
  readonly variant: 'minbase';
  /** The metapackage whose kernel the guest boots (`linux-image-cloud-amd64`). */
  readonly kernelMetapackage: string;
  /** Installed on top of the variant, without Recommends. */
  readonly packages: readonly string[];
  /** dpkg `path-exclude`/`path-include` options that keep documentation out of the image. */
  readonly dpkgOptions: readonly string[];
  /** Written into the root filesystem after the packages, replacing what is there. */
  readonly files: readonly RootfsFile[];
  /** Removed from the root filesystem (paths relative to it): copies of the build host's. */
  readonly remove: readonly string[];
  /** Run inside the root filesystem with chroot, in order. */
  readonly commands: readonly (readonly string[])[];
  /** The ext4 label the kernel finds its root filesystem by. */
  readonly rootLabel: string;
  readonly cmdline: string;
  /** The disk's virtual size; the qcow2 file holds only what is used. */
  readonly diskSizeMiB: number;
}

const rootLabel = 'podvisor-root';

function text(path: string, lines: readonly string[]): RootfsFile {
  return { path, data: Buffer.from(`${lines.join('\n')}\n`), mode: 0o644 };
}

const files: readonly RootfsFile[] = [
  text('etc/hostname', ['debian']),
  text('etc/hosts', [
    '127.0.0.1\tlocalhost',
    '127.0.1.1\tdebian',
    '::1\tlocalhost ip6-localhost ip6-loopback',
  ]),
  text('etc/fstab', [`LABEL=${rootLabel}\t/\text4\terrors=remount-ro\t0\t1`]),
  // C.UTF-8 is built into glibc: nothing to generate, and cloud-init's locale module agrees.
  text('etc/default/locale', ['LANG=C.UTF-8']),
  text('etc/cloud/cloud.cfg.d/90-podvisor.cfg', [
    '# Podvisor: user-data and meta-data come from a NoCloud disk (volume label cidata).',
    'datasource_list: [ NoCloud, None ]',
    'locale: C.UTF-8',
    '# No SSH server is installed: host keys given (none) means none are generated.',
    'ssh_keys: {}',
  ]),
];

/**
 * The debian guest's recipe: Debian 12 (minbase) with the cloud kernel, systemd, cloud-init
 * reading only NoCloud, qemu-guest-agent and ifupdown (cloud-init's DHCP fallback). Root logs in
 * on the serial console (ttyS0) and on tty1 without a password; cloud-init's user-data can
 * create users and set passwords. The kernel finds its root filesystem by label, so the disk
 * may sit on any bus.
 */
export function debianRecipe(): DebianRecipe {
  return {
    name: 'debian',
    version: 2,
    suite: 'bookworm',
    sources: [
      'deb http://deb.debian.org/debian bookworm main',
      'deb http://deb.debian.org/debian bookworm-updates main',
      'deb http://deb.debian.org/debian-security bookworm-security main',
    ],
    variant: 'minbase',
    kernelMetapackage: 'linux-image-cloud-amd64',
    packages: [
      'linux-image-cloud-amd64',
      'systemd-sysv',
      'udev',
      'cloud-init',
      'qemu-guest-agent',
      // systemd-logind, which powers off on the ACPI power button, starts only with D-Bus.
      'dbus',
      'ifupdown',
      'iproute2',
      'netbase',
      'sudo',
    ],
    dpkgOptions: [
      'path-exclude=/usr/share/doc/*',
      'path-exclude=/usr/share/man/*',
      'path-exclude=/usr/share/info/*',
      'path-exclude=/usr/share/lintian/*',
      'path-exclude=/usr/share/locale/*',
      'path-include=/usr/share/locale/locale.alias',
    ],
    files,
    remove: ['etc/resolv.conf'],
    commands: [
      ['passwd', '--delete', 'root'],
      ['systemctl', 'enable', 'serial-getty@ttyS0.service'],
      // Without dbus and logind, getty-static would start gettys on tty2-6 as well.
      ['systemctl', 'mask', 'getty-static.service'],
      // A demo guest under emulation has better things to do than refresh apt every day.
      ['systemctl', 'disable', 'apt-daily.timer', 'apt-daily-upgrade.timer'],
    ],
    rootLabel,
    cmdline: `root=LABEL=${rootLabel} ro console=tty0 console=ttyS0,115200 net.ifnames=0 panic=-1`,
    diskSizeMiB: 2048,
  };
}
