import { field } from '@podvisor/kube';
import { defineCommand } from '../command.ts';
import { notYetAvailable } from './not-yet.ts';
import { sharedFlags } from './shared-flags.ts';

export const upCommand = defineCommand({
  name: 'up',
  summary: 'run the whole product locally: embedded cluster, operator, console',
  description:
    'Starts the embedded cluster with its nodes, installs Podvisor into it from deploy/overlays/local,\n' +
    'waits until the operator is ready and prints the console URL. Runs until interrupted.',
  spec: {
    ...sharedFlags,
    nodes: field.integer({
      flag: 'nodes',
      env: 'PODVISOR_NODES',
      default: 1,
      min: 1,
      max: 16,
      describe: 'number of nodes',
    }),
  },
  run: (_config, io) => notYetAvailable(io, 'up', 10),
});
