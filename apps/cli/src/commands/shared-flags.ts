import { homedir } from 'node:os';
import { join } from 'node:path';
import { field, logLevels } from '@podvisor/kube';

/** Flags every long-running `podvisor` command takes. */
export const sharedFlags = {
  dataDir: field.string({
    flag: 'data-dir',
    env: 'PODVISOR_DATA_DIR',
    default: join(homedir(), '.podvisor'),
    describe: 'directory for the cluster state, kubeconfig, logs and guest images',
  }),
  logLevel: field.oneOf(logLevels, {
    flag: 'log-level',
    env: 'PODVISOR_LOG_LEVEL',
    default: 'info',
    describe: 'log level',
  }),
};
