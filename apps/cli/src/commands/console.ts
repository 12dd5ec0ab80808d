import { field } from '@podvisor/kube';
import { defineCommand } from '../command.ts';
import { notYetAvailable } from './not-yet.ts';
import { sharedFlags } from './shared-flags.ts';

export const consoleCommand = defineCommand({
  name: 'console',
  summary: 'serve the web console against the current kubeconfig',
  description:
    'Serves the console and its backend-for-frontend on 127.0.0.1 against the cluster of the current\n' +
    'kubeconfig (the embedded one or any real cluster) and prints its URL.',
  spec: {
    logLevel: sharedFlags.logLevel,
    port: field.port({
      flag: 'port',
      env: 'PODVISOR_CONSOLE_PORT',
      default: 0,
      describe: 'console port (0: any free port)',
    }),
  },
  run: (_config, io) => notYetAvailable(io, 'console', 9),
});
