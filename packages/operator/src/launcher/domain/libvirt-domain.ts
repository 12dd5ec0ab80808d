/**
 * A plain model of the libvirt domain the launcher defines: only what Podvisor uses, in
 * libvirt's terms. `renderDomainXml` turns it into XML.
 */
export interface LibvirtDomain {
  readonly type: 'kvm' | 'qemu';
  /** `<namespace>_<name>`, KubeVirt's convention. */
  readonly name: string;
  readonly uuid?: string;
  readonly memoryKiB: number;
  readonly vcpu: VcpuTopology;
  readonly cpu: LibvirtCpu;
  /** A versioned machine type (`pc-q35-7.2`), so both sides of a migration match. */
  readonly machine: string;
  readonly kernelBoot?: LibvirtKernelBoot;
  /** SMBIOS system serial number (`firmware.serial`). */
  readonly smbiosSerial?: string;
  readonly features: LibvirtFeatures;
  readonly disks: readonly LibvirtDisk[];
  readonly interfaces: readonly LibvirtInterface[];
  readonly controllers: readonly LibvirtController[];
  readonly inputs: readonly LibvirtInput[];
  readonly serialConsole?: LibvirtSerialConsole;
  readonly graphics?: LibvirtGraphics;
  readonly guestAgentSocket: string;
  readonly memBalloon: boolean;
  readonly panic: boolean;
}

export interface VcpuTopology {
  readonly count: number;
  readonly sockets: number;
  readonly cores: number;
  readonly threads: number;
}

/** A fixed named model (`qemu64`), or the host's CPU (KVM only). */
export type LibvirtCpu =
  | { readonly mode: 'custom'; readonly model: string }
  | { readonly mode: 'host-model' | 'host-passthrough' };

export interface LibvirtKernelBoot {
  readonly kernel: string;
  readonly initrd?: string;
  readonly cmdline?: string;
}

export interface LibvirtFeatures {
  readonly acpi: boolean;
  readonly apic: boolean;
  readonly smm?: boolean;
}

export type DiskBus = 'virtio' | 'sata' | 'scsi' | 'usb';

export interface LibvirtDisk {
  /** `ua-<disk name>`: a user alias, so the device can be found by the spec's name. */
  readonly alias: string;
  readonly device: 'disk' | 'cdrom';
  readonly source: string;
  readonly format: 'qcow2' | 'raw';
  /** `vda`, `sdb`… */
  readonly target: string;
  readonly bus: DiskBus;
  readonly readonly: boolean;
  readonly bootOrder?: number;
  readonly serial?: string;
  readonly cache?: string;
  readonly io?: string;
}

export interface PortForward {
  readonly proto: 'tcp' | 'udp';
  /** Host-side address (the pod IP). */
  readonly address?: string;
  /** Ports forwarded to the same port in the guest; empty: every port (passt only). */
  readonly ports: readonly number[];
}

/** The guest's side of a masquerade interface: its fixed address, prefix and gateway. */
export interface GuestAddress {
  /** The guest's IPv4 address (10.0.2.2 by default). */
  readonly address: string;
  readonly prefixLength: number;
  /** The guest's default gateway (10.0.2.1 by default): passt maps it to the pod's loopback. */
  readonly gateway: string;
}

export interface LibvirtInterface {
  readonly alias: string;
  /** `passt`: libvirt runs passt; `passt-socket`: QEMU connects to the launcher's passt; `slirp`: QEMU's own. */
  readonly backend: 'passt' | 'passt-socket' | 'slirp';
  /** The passt socket (`passt-socket` only). */
  readonly passtSocket?: string;
  readonly model: string;
  readonly mac?: string;
  readonly bootOrder?: number;
  readonly portForwards: readonly PortForward[];
  /**
   * The guest's fixed address (masquerade through the launcher's passt, `passt-socket` only);
   * absent: passt gives the guest the pod's address (bridge, passtBinding).
   */
  readonly guestAddress?: GuestAddress;
}

export type LibvirtController =
  | { readonly type: 'usb'; readonly model: 'none' | 'qemu-xhci' }
  | { readonly type: 'scsi'; readonly model: 'virtio-scsi' };

export interface LibvirtInput {
  readonly type: 'tablet' | 'keyboard' | 'mouse';
  readonly bus: 'usb' | 'virtio';
  readonly alias?: string;
}

export interface LibvirtSerialConsole {
  readonly socket: string;
  readonly logFile?: string;
}

export interface LibvirtGraphics {
  readonly vncSocket: string;
  readonly spiceSocket: string;
  readonly video: 'vga' | 'virtio' | 'qxl' | 'bochs' | 'cirrus';
}
