// virt-tail: the launcher pod's guest-console-log container; streams the guest's serial log to
// standard output, so `kubectl logs <pod> -c guest-console-log` shows the guest's console.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, flagOptions, loadConfig } from '@podvisor/kube/process';
// Straight to the two modules, not the launcher's index: this process stays small (no domain or
// libvirt code; see `@podvisor/kube/process`).
import { virtTailConfigSpec, type VirtTailConfig } from '../launcher/virt-tail-config.ts';
import { virtTail } from '../launcher/virt-tail.ts';

function readConfig(): VirtTailConfig {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: flagOptions(virtTailConfigSpec),
    strict: true,
    allowPositionals: false,
  });
  return loadConfig(virtTailConfigSpec, { flags: values, env: process.env });
}

/** `path` as this process sees it: under `containerRoot` in the embedded cluster's pods. */
function inContainer(containerRoot: string, path: string): string {
  return containerRoot === '' ? path : join(containerRoot, path);
}

async function main(): Promise<number> {
  let config: VirtTailConfig;
  try {
    config = readConfig();
  } catch (error) {
    process.stderr.write(`virt-tail: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const logger = createLogger({ component: 'virt-tail', level: config.logLevel });
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping: draining the log');
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const end = await virtTail({
      logFile: inContainer(config.containerRoot, config.logFile),
      launcherSocket: inContainer(config.containerRoot, config.launcherSocket),
      output: process.stdout,
      signal: stop.signal,
    });
    logger.info({ end }, 'virt-tail done');
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'virt-tail failed');
    return 1;
  }
}

process.exitCode = await main();
