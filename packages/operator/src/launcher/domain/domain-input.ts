import type { VirtualMachineInstance } from '@podvisor/api';

/** Where the launcher puts a VM's sockets and logs (absolute paths, one per-VM directory). */
export interface LauncherPaths {
  /** Serial console socket (libvirt binds it; clients connect). */
  readonly serialSocket: string;
  /** Serial console log: everything the guest prints, attached client or not. */
  readonly serialLog: string;
  readonly vncSocket: string;
  readonly spiceSocket: string;
  /** qemu-guest-agent channel (`org.qemu.guest_agent.0`). */
  readonly guestAgentSocket: string;
}

/** A kernel and initramfs booted directly (`<os><kernel>`), e.g. the `tiny` guest image. */
export interface ResolvedKernel {
  readonly kind: 'kernel';
  readonly kernel: string;
  readonly initrd?: string;
  /** The image's default command line; `firmware.kernelBoot.kernelArgs` replaces it. */
  readonly cmdline?: string;
}

/** A disk image file (a containerDisk overlay, an emptyDisk, a hostDisk, a PVC's disk.img). */
export interface ResolvedFile {
  readonly kind: 'file';
  readonly path: string;
  readonly format: 'qcow2' | 'raw';
  readonly readonly?: boolean;
}

/** An ISO 9660 image the launcher made (cloudInitNoCloud/ConfigDrive, configMap, secret). */
export interface ResolvedIso {
  readonly kind: 'iso';
  readonly path: string;
}

/** What one volume resolved to on disk. */
export type ResolvedVolume = ResolvedKernel | ResolvedFile | ResolvedIso;

/** Volume name → what the launcher prepared for it. */
export type ResolvedDisks = Readonly<Record<string, ResolvedVolume>>;

/**
 * How the pod network reaches the guest: user-mode networking, with the declared ports forwarded
 * from the pod IP (absent or empty: from every address).
 * - `passt`: libvirt starts passt (`<backend type='passt'/>`). Needs a libvirt built with passt:
 *   Debian 12's libvirt 9.0 is patched to reject it.
 * - `passt-socket`: the launcher runs passt itself (with `passtPortArgs` of the NIC) on `socket`;
 *   QEMU connects to it with `-netdev stream` (QEMU 7.2+).
 * - `slirp`: QEMU's built-in user networking; port forwards become `hostfwd` rules.
 */
export type PodNetworkInput =
  | { readonly backend: 'passt' | 'slirp'; readonly ip?: string }
  | { readonly backend: 'passt-socket'; readonly socket: string; readonly ip?: string };

/** Everything `domainSpecFor` needs besides the VMI. */
export interface DomainInput {
  /** A defaulted VMI (metadata.name and metadata.namespace set). */
  readonly vmi: VirtualMachineInstance;
  readonly paths: LauncherPaths;
  readonly accel: 'kvm' | 'tcg';
  readonly disks: ResolvedDisks;
  /** What `spec.domain.firmware.kernelBoot.container` resolved to, when the spec has one. */
  readonly kernelBoot?: ResolvedKernel;
  readonly network: PodNetworkInput;
}
