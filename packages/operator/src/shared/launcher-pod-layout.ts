import { join } from 'node:path';

/**
 * The contract between virt-controller, which renders launcher pods, virt-handler, which finds
 * each launcher's command socket through the node's pod directories, and virt-launcher, which
 * is configured by the flags the controller renders. Paths are as the containers see them.
 */
export const launcherPodLayout = {
  /** The container that runs virt-launcher (kubectl's default container). */
  computeContainer: 'compute',
  /** The container that streams the guest's serial log (`kubectl logs … -c guest-console-log`). */
  consoleLogContainer: 'guest-console-log',
  /** The launcher image's second binary, run by the console-log container. */
  tailCommand: 'virt-tail',
  volumes: {
    /** emptyDir: libvirt's state, the VM's disks and display sockets (`--state-dir`). */
    private: { name: 'private', mountPath: '/var/run/kubevirt-private' },
    /** emptyDir: the command socket for virt-handler (`--socket-dir`). */
    sockets: { name: 'sockets', mountPath: '/var/run/kubevirt/sockets' },
    /** hostPath, read-only: the node's containerDisk catalog (`--data-dir` is its parent). */
    images: {
      name: 'container-disks',
      mountPath: '/var/lib/podvisor/images',
      hostPath: '/var/lib/podvisor/images',
    },
    /** hostPath: libvirt's QEMU capability cache, shared by the node's launchers. */
    capabilitiesCache: {
      name: 'qemu-capabilities',
      mountPath: '/var/lib/podvisor/cache/qemu-capabilities',
      hostPath: '/var/lib/podvisor/cache/qemu-capabilities',
    },
  },
  /** `--data-dir`: the directory holding `images/`. */
  dataDir: '/var/lib/podvisor',
  /** The command socket's name in the sockets volume. */
  socketName: 'launcher.sock',
  /** The serial log, relative to the private volume (the launcher's `<state>/vm/serial.log`). */
  serialLog: 'vm/serial.log',
} as const;

/** Where virt-handler mounts the node's pod directories (kubelet's `/var/lib/kubelet/pods`). */
export const kubeletPodsHostPath = '/var/lib/kubelet/pods';

/**
 * The directory holding a launcher pod's command socket, below the node's pod directories:
 * `<podsDir>/<podUid>/volumes/kubernetes.io~empty-dir/sockets` (kubelet's emptyDir layout,
 * which the embedded cluster's node agent uses too).
 */
export function launcherSocketDir(podsDir: string, podUid: string): string {
  return join(
    podsDir,
    podUid,
    'volumes',
    'kubernetes.io~empty-dir',
    launcherPodLayout.volumes.sockets.name,
  );
}
