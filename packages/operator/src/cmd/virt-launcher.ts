// virt-launcher: one per VM pod; runs the VMI's domain through a private libvirtd.
import { parseArgs } from 'node:util';
import { createLogger, flagOptions, loadConfig } from '@podvisor/kube/process';
import {
  exitCodeOf,
  runVirtLauncher,
  virtLauncherConfigSpec,
  type VirtLauncherConfig,
} from '../launcher/index.ts';

function readConfig(): VirtLauncherConfig {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: flagOptions(virtLauncherConfigSpec),
    strict: true,
    allowPositionals: false,
  });
  return loadConfig(virtLauncherConfigSpec, { flags: values, env: process.env });
}

async function main(): Promise<number> {
  let config: VirtLauncherConfig;
  try {
    config = readConfig();
  } catch (error) {
    process.stderr.write(
      `virt-launcher: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  const logger = createLogger({ component: 'virt-launcher', level: config.logLevel });
  try {
    const launcher = await runVirtLauncher({ config, logger });
    const stop = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'stopping: shutting the domain down');
      launcher.stop().catch((error: unknown) => {
        logger.error({ err: error }, 'graceful stop failed');
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    logger.info({ socket: launcher.socketPath }, 'virt-launcher ready');
    return exitCodeOf(await launcher.exited);
  } catch (error) {
    logger.fatal({ err: error }, 'virt-launcher failed');
    return 1;
  }
}

process.exitCode = await main();
