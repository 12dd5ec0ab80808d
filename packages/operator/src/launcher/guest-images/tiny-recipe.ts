import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the recipe puts into the guest's root filesystem as it is. */
export interface RootfsFile {
  readonly path: string;
  readonly data: Buffer;
  readonly mode: number;
}

/** How the tiny guest is made from Debian packages. */
export interface TinyRecipe {
  readonly name: 'tiny';
  /** Bump to force a rebuild when the builder's own output changes. */
  readonly version: number;
  /** The metapackage whose versioned kernel is used (`linux-image-6.1.0-56-cloud-amd64`). */
  readonly kernelMetapackage: string;
  readonly busyboxPackage: string;
  /** Loaded at boot, dependencies first (resolved from the modules' own `depends=`). */
  readonly modules: readonly string[];
  readonly cmdline: string;
  /** The guest's /init, the serial shell, the ACPI and DHCP scripts, /etc. */
  readonly files: readonly RootfsFile[];
}

const rootfsDir = fileURLToPath(new URL('./tiny-rootfs/', import.meta.url));

function readTree(dir: string, files: RootfsFile[]): RootfsFile[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      readTree(path, files);
      continue;
    }
    const data = readFileSync(path);
    // Scripts are executable; deciding by content keeps the image independent of checkout modes.
    const mode = data.subarray(0, 2).toString() === '#!' ? 0o755 : 0o644;
    files.push({ path: relative(rootfsDir, path), data, mode });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The tiny guest's recipe, with its root filesystem files read from `tiny-rootfs/`. */
export function tinyRecipe(): TinyRecipe {
  return {
    name: 'tiny',
    version: 1,
    kernelMetapackage: 'linux-image-cloud-amd64',
    busyboxPackage: 'busybox-static',
    modules: [
      // virtio devices (PCI transport, network, console, disks), ACPI power button + its events
      'virtio_pci',
      'virtio_net',
      'virtio_console',
      'virtio_blk',
      'virtio_scsi',
      'button',
      'evdev',
      // disks and CD-ROMs on the pc machine's IDE, and ISO 9660 for a cloud-init cidata disk
      'ata_piix',
      'sd_mod',
      'sr_mod',
      'isofs',
      // the panic device (QEMU's isa-pvpanic, ACPI QEMU0001): a kernel panic is reported to the
      // host as a crash before `panic=-1` reboots the guest
      'pvpanic-mmio',
    ],
    cmdline: 'console=tty0 console=ttyS0 panic=-1',
    files: readTree(rootfsDir, []),
  };
}
