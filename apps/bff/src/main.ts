// The console's server as a pod (the `podvisor/console` image): the BFF and the SPA, with the
// configuration from flags and the environment (deploy/base/console/deployment.yaml).
import { parseArgs } from 'node:util';
import { createLogger, flagOptions, loadConfig, logLevels, field } from '@podvisor/kube';
import { bffConfigSpec } from './bff-config.ts';
import { serveBff } from './serve-bff.ts';

const spec = {
  ...bffConfigSpec,
  logLevel: field.oneOf(logLevels, {
    flag: 'log-level',
    env: 'PODVISOR_LOG_LEVEL',
    default: 'info',
    describe: 'log level',
  }),
};

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.on('SIGINT', resolve);
    process.on('SIGTERM', resolve);
  });
}

async function main(): Promise<number> {
  let config;
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: flagOptions(spec) });
    config = loadConfig(spec, { flags: values, env: process.env });
  } catch (error) {
    process.stderr.write(`console: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const logger = createLogger({ component: 'console', level: config.logLevel });
  const stopping = stopSignal();
  try {
    const served = await serveBff(config, logger, { inCluster: process.env });
    const signal = await stopping;
    logger.info({ signal }, 'stopping');
    await served.close();
    return 0;
  } catch (error) {
    logger.fatal({ err: error }, 'console failed');
    return 1;
  }
}

process.exitCode = await main();
