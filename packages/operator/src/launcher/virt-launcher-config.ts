import { field, logLevels, type ConfigOf } from '@podvisor/kube/process';

/**
 * virt-launcher's configuration: flags, then environment, then defaults. virt-controller renders
 * them into the launcher pod; paths are as the container sees them (in the embedded cluster the
 * main prefixes `$PODVISOR_CONTAINER_ROOT`).
 */
export const virtLauncherConfigSpec = {
  stateDir: field.string({
    flag: 'state-dir',
    env: 'PODVISOR_LAUNCHER_STATE_DIR',
    describe: "the pod's private directory: libvirt's state, the VM's disks and display sockets",
  }),
  socketDir: field.string({
    flag: 'socket-dir',
    env: 'PODVISOR_LAUNCHER_SOCKET_DIR',
    describe: 'where the command socket (launcher.sock) for virt-handler is created',
  }),
  dataDir: field.string({
    flag: 'data-dir',
    env: 'PODVISOR_DATA_DIR',
    describe: 'the data directory holding the containerDisk catalog (images/)',
  }),
  podUid: field.string({
    flag: 'pod-uid',
    env: 'POD_UID',
    default: '',
    describe: "this pod's UID, announced to virt-handler",
  }),
  vmiUid: field.string({
    flag: 'vmi-uid',
    env: 'PODVISOR_VMI_UID',
    default: '',
    describe: 'the UID of the VMI this launcher runs; a Sync for another VMI is refused',
  }),
  podIp: field.string({
    flag: 'pod-ip',
    env: 'POD_IP',
    default: '',
    describe: "the pod's IP, from which the guest's declared ports are forwarded",
  }),
  capabilitiesCacheDir: field.string({
    flag: 'capabilities-cache-dir',
    env: 'PODVISOR_CAPABILITIES_CACHE_DIR',
    default: '',
    nonEmpty: false,
    describe:
      "a node-wide copy of libvirt's QEMU capability cache (empty: each daemon probes QEMU)",
  }),
  containerRoot: field.string({
    env: 'PODVISOR_CONTAINER_ROOT',
    default: '',
    nonEmpty: false,
    describe:
      "where the embedded cluster's node agent put this pod's volumes (empty on a real node)",
  }),
  logLevel: field.oneOf(logLevels, {
    flag: 'log-level',
    env: 'PODVISOR_LOG_LEVEL',
    default: 'info',
    describe: 'log level',
  }),
};

/** virt-launcher's parsed configuration. */
export type VirtLauncherConfig = ConfigOf<typeof virtLauncherConfigSpec>;
