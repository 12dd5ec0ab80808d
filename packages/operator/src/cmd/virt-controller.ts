// virt-controller: VMs → VMIs → launcher pods, and the node heartbeat watch; leader-elected.
import { parseArgs } from 'node:util';
import { createLogger, flagOptions, loadConfig, loadKubeConfig } from '@podvisor/kube';
import {
  runVirtController,
  virtControllerConfigSpec,
  type VirtControllerConfig,
} from '../controller/index.ts';

function readConfig(): VirtControllerConfig {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: flagOptions(virtControllerConfigSpec),
    strict: true,
    allowPositionals: false,
  });
  return loadConfig(virtControllerConfigSpec, { flags: values, env: process.env });
}

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.on('SIGINT', resolve);
    process.on('SIGTERM', resolve);
  });
}

async function main(): Promise<number> {
  let config: VirtControllerConfig;
  try {
    config = readConfig();
  } catch (error) {
    process.stderr.write(
      `virt-controller: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  const logger = createLogger({ component: 'virt-controller', level: config.logLevel });
  const stopping = stopSignal();
  try {
    const running = await runVirtController({
      kubeConfig: loadKubeConfig(process.env),
      logger,
      namespace: config.namespace,
      podName: config.podName,
      launcherImage: config.launcherImage,
      leaderElect: config.leaderElect,
      metricsHost: config.metricsHost,
      metricsPort: config.metricsPort,
      nodeHeartbeatTimeoutMs: config.nodeHeartbeatTimeoutMs,
    });
    const signal = await stopping;
    logger.info({ signal }, 'stopping');
    await running.close();
    return 0;
  } catch (error) {
    logger.fatal({ err: error }, 'virt-controller failed');
    return 1;
  }
}

process.exitCode = await main();
