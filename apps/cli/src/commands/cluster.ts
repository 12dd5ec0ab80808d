import { field } from '@podvisor/kube';
import { defineCommand } from '../command.ts';
import { notYetAvailable } from './not-yet.ts';
import { sharedFlags } from './shared-flags.ts';

export const clusterCommand = defineCommand({
  name: 'cluster',
  summary: 'run only the embedded Kubernetes-compatible cluster',
  description:
    'Serves a Kubernetes-compatible API on 127.0.0.1 backed by SQLite in the data directory, writes\n' +
    'DATA_DIR/kubeconfig for kubectl and client libraries, and runs until interrupted.',
  spec: {
    ...sharedFlags,
    port: field.port({
      flag: 'port',
      env: 'PODVISOR_API_PORT',
      default: 0,
      describe: 'API server port (0: any free port)',
    }),
    nodes: field.integer({
      flag: 'nodes',
      env: 'PODVISOR_NODES',
      default: 1,
      min: 0,
      max: 16,
      describe: 'number of nodes',
    }),
  },
  run: (_config, io) => notYetAvailable(io, 'cluster', 3),
});
