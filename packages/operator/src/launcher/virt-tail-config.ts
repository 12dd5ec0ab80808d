import { field, logLevels, type ConfigOf } from '@podvisor/kube/process';

/**
 * virt-tail's configuration (the launcher pod's `guest-console-log` container): flags, then
 * environment, then defaults. Paths are as the container sees them; in the embedded cluster the
 * main prefixes `$PODVISOR_CONTAINER_ROOT`.
 */
export const virtTailConfigSpec = {
  logFile: field.string({
    flag: 'logfile',
    env: 'PODVISOR_TAIL_LOGFILE',
    describe: "the file to follow to standard output (the guest's serial log)",
  }),
  launcherSocket: field.string({
    flag: 'launcher-socket',
    env: 'PODVISOR_TAIL_LAUNCHER_SOCKET',
    describe: "the launcher's command socket: the tail ends once it has existed and is gone",
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
    describe: 'log level (of virt-tail itself, on standard error)',
  }),
};

/** virt-tail's parsed configuration. */
export type VirtTailConfig = ConfigOf<typeof virtTailConfigSpec>;
