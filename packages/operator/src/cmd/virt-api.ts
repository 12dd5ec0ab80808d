// virt-api: admission webhooks and the subresources.kubevirt.io aggregated API.
import { parseArgs } from 'node:util';
import { createLogger, flagOptions, loadConfig, loadKubeConfig } from '@podvisor/kube';
import { runVirtApi, virtApiConfigSpec, type VirtApiConfig } from '../virt-api/index.ts';

function readConfig(): VirtApiConfig {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: flagOptions(virtApiConfigSpec),
    strict: true,
    allowPositionals: false,
  });
  return loadConfig(virtApiConfigSpec, { flags: values, env: process.env });
}

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.on('SIGINT', resolve);
    process.on('SIGTERM', resolve);
  });
}

async function main(): Promise<number> {
  let config: VirtApiConfig;
  try {
    config = readConfig();
  } catch (error) {
    process.stderr.write(`virt-api: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const logger = createLogger({ component: 'virt-api', level: config.logLevel });
  const stopping = stopSignal();
  try {
    const running = await runVirtApi({
      kubeConfig: loadKubeConfig(process.env),
      logger,
      namespace: config.namespace,
      port: config.port,
      host: config.host,
    });
    const signal = await stopping;
    logger.info({ signal }, 'stopping');
    await running.close();
    return 0;
  } catch (error) {
    logger.fatal({ err: error }, 'virt-api failed');
    return 1;
  }
}

process.exitCode = await main();
