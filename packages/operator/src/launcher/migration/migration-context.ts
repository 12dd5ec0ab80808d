import type { Logger } from '@podvisor/kube/process';
import type { FileOwner, Virsh } from '../libvirt/index.ts';

/** What the migration code needs of a launcher's private libvirt and VM. */
export interface MigrationContext {
  readonly virsh: Virsh;
  /** The libvirt domain name. */
  readonly domain: string;
  /** The private libvirt's run directory as this process sees it (libvirt's `/run/libvirt`). */
  readonly libvirtRun: string;
  /** The per-VM directory (sockets, logs, disks). */
  readonly vmDir: string;
  /** The containerDisk catalog (`<data dir>/images`). */
  readonly imagesDir: string;
  /** The QEMU user, which connects to the memory and disks sockets. */
  readonly owner: FileOwner;
  readonly logger: Logger;
}
