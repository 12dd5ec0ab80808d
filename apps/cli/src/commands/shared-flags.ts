import { homedir } from 'node:os';
import { join } from 'node:path';
import { field, logLevels } from '@podvisor/kube';
import { networkModes } from '../up/cluster-netns.ts';

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

/** How local mode networks its pods (ADR 17), for `podvisor up` and `podvisor cluster`. */
export const networkFlag = field.oneOf(networkModes, {
  flag: 'network',
  env: 'PODVISOR_NETWORK',
  default: 'auto',
  describe:
    'pod: the cluster in its own network namespace, a netns and address per pod, Services and DNS ' +
    'shared with VMs (needs root); loopback: pods on 127.x addresses; auto: pod where possible',
});
