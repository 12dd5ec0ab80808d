// virt-handler: one per node; drives the launchers of the node's VMIs and writes their status.
import { parseArgs } from 'node:util';
import { createLogger, flagOptions, loadConfig, loadKubeConfig } from '@podvisor/kube';
import { runVirtHandler, virtHandlerConfigSpec, type VirtHandlerConfig } from '../handler/index.ts';

function readConfig(): VirtHandlerConfig {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: flagOptions(virtHandlerConfigSpec),
    strict: true,
    allowPositionals: false,
  });
  return loadConfig(virtHandlerConfigSpec, { flags: values, env: process.env });
}

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.on('SIGINT', resolve);
    process.on('SIGTERM', resolve);
  });
}

async function main(): Promise<number> {
  let config: VirtHandlerConfig;
  try {
    config = readConfig();
  } catch (error) {
    process.stderr.write(
      `virt-handler: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  const logger = createLogger({ component: 'virt-handler', level: config.logLevel });
  const stopping = stopSignal();
  try {
    const running = await runVirtHandler({
      config,
      kubeConfig: loadKubeConfig(process.env),
      logger,
    });
    const signal = await stopping;
    logger.info({ signal }, 'stopping: marking the node unschedulable');
    await running.close();
    return 0;
  } catch (error) {
    logger.fatal({ err: error }, 'virt-handler failed');
    return 1;
  }
}

process.exitCode = await main();
