import { join } from 'node:path';
import { bffConfigSpec, serveBff } from '@podvisor/bff';
import { createLogger } from '@podvisor/kube';
import { defineCommand } from '../command.ts';
import { sharedFlags } from './shared-flags.ts';
import { stopSignal } from './stop-signal.ts';

export const consoleCommand = defineCommand({
  name: 'console',
  summary: 'serve the web console against a kubeconfig',
  description:
    'Serves the console and its backend-for-frontend against the cluster of --kubeconfig (the\n' +
    'embedded one or any real cluster) and prints its URL. Every request is made as the signed-in\n' +
    'user: --auth local prints a one-time sign-in link acting as the kubeconfig user, --auth token\n' +
    'asks for a Kubernetes bearer token, --auth oidc signs in through an OpenID provider and\n' +
    'impersonates the user (the kubeconfig user needs the impersonate verb).',
  spec: { ...bffConfigSpec, logLevel: sharedFlags.logLevel },
  run: async (config, io) => {
    const logFile = join(config.dataDir, 'logs', 'console.log');
    const logger = createLogger({
      component: 'console',
      level: config.logLevel,
      destination: logFile,
    });
    const stopping = stopSignal();
    const served = await serveBff(config, logger);
    const link = served.loginLink();
    io.stdout.write(
      [
        `Podvisor console: ${served.url}`,
        ...(link === undefined ? [] : [`Sign in (one-time link): ${link}`]),
        `Logs: ${logFile}`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    const signal = await stopping;
    logger.info({ signal }, 'stopping');
    await served.close();
    return 0;
  },
});
