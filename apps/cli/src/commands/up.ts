import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bffConfigSpec, serveBff, type ServedBff } from '@podvisor/bff';
import { startCluster, type RunningCluster } from '@podvisor/cluster';
import { createLogger, field, loadConfig, type Field, type Logger } from '@podvisor/kube';
import { buildGuestImage } from '@podvisor/operator';
import { defineCommand, type CommandIo } from '../command.ts';
import { applyDemo, deployDir, installPodvisor } from '../up/install-podvisor.ts';
import { portFree } from '../up/port-free.ts';
import { previousApiPort } from '../up/previous-api-port.ts';
import { claimDataDir } from '../up/up-lock.ts';
import { startNodeProcesses, type NodeProcesses } from './node-processes.ts';
import { sharedFlags } from './shared-flags.ts';
import { stopSignal } from './stop-signal.ts';

const binDir = join(deployDir, '..', 'node_modules', '.bin');

function announce(io: CommandIo, options: { dataDir: string; url: string; link: string }): void {
  const kubeconfig = join(options.dataDir, 'kubeconfig');
  io.stdout.write(
    [
      '',
      'Podvisor is up.',
      '',
      `  Console: ${options.url}`,
      `  Sign in: ${options.link}`,
      '',
      'In another shell:',
      `  export KUBECONFIG=${kubeconfig}`,
      `  export PATH=${binDir}:$PATH`,
      `  kubectl apply -f ${join(deployDir, 'examples', 'vm-tiny.yaml')}`,
      '  kubectl virt console tiny',
      '',
      `Logs: ${join(options.dataDir, 'logs')} (npx podvisor logs).`,
      `A new sign-in link: npx podvisor link --data-dir ${options.dataDir}`,
      'Press Ctrl-C to stop (or run npx podvisor down from another shell).',
      '',
    ].join('\n'),
  );
}

/** What runs, in start order; stopped in reverse. */
interface Running {
  cluster?: RunningCluster;
  nodes?: NodeProcesses;
  console?: ServedBff;
}

async function shutDown(running: Running, logger: Logger): Promise<void> {
  logger.info(
    'stopping: console, then the nodes (their pods: VMs shut down gracefully), then the API server',
  );
  await running.console?.close();
  await running.nodes?.stop(90_000);
  await running.cluster?.close();
}

/**
 * Starts the API server on the data dir's previous port (or the one asked for). When another
 * program took the previous port meanwhile, a new one is used: pods that outlived a killed `up`
 * then restart to learn it.
 */
async function startApiServer(options: {
  dataDir: string;
  apiPort: number | 'previous';
  logger: Logger;
  say: (line: string) => void;
}): Promise<RunningCluster> {
  const { dataDir, logger } = options;
  const port = options.apiPort === 'previous' ? previousApiPort(dataDir) : options.apiPort;
  try {
    return await startCluster({ dataDir, port, logger });
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!inUse) throw error;
    if (options.apiPort !== 'previous' || port === 0)
      throw new Error(`the API server port ${String(port)} is in use: choose another --api-port`, {
        cause: error,
      });
    options.say(`The previous API port ${String(port)} is taken; using a new one.`);
    return startCluster({ dataDir, port: 0, logger });
  }
}

export const upCommand = defineCommand({
  name: 'up',
  summary: 'run the whole product locally: embedded cluster, operator, console',
  description:
    'Builds the tiny guest image when missing, starts the embedded cluster with its nodes, installs\n' +
    'Podvisor into it with kubectl from deploy/overlays/local, waits until the operator is ready,\n' +
    'serves the console and prints its URL with a one-time sign-in link. Runs until interrupted\n' +
    '(Ctrl-C, or `podvisor down`); running it again on the same data dir brings everything back.',
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
    consolePort: field.port({
      flag: 'console-port',
      env: 'PODVISOR_CONSOLE_PORT',
      default: 8080,
      describe: 'console port (0: any free port)',
    }),
    apiPort: {
      flag: 'api-port',
      env: 'PODVISOR_API_PORT',
      default: 'previous',
      describe: 'API server port: a number (0: any free port), or the data dir’s previous one',
      parse: (raw: string): number | 'previous' =>
        raw === 'previous' ? 'previous' : field.port({ describe: '' }).parse(raw),
    } satisfies Field<number | 'previous'>,
    demo: field.boolean({
      flag: 'demo',
      default: false,
      describe: 'also create namespace demo with a running VM and a pod',
    }),
  },
  run: async (config, io) => {
    const { dataDir } = config;
    // Fail before anything starts: the console comes last, minutes later.
    if (!(await portFree('127.0.0.1', config.consolePort))) {
      throw new Error(
        `the console port 127.0.0.1:${String(config.consolePort)} is in use: choose another --console-port (0 picks a free one)`,
      );
    }
    const release = claimDataDir(dataDir);
    const say = (line: string): void => {
      io.stdout.write(`${line}\n`);
    };
    const logger = createLogger({
      component: 'up',
      level: config.logLevel,
      destination: join(dataDir, 'logs', 'cluster.log'),
    });
    const stopping = stopSignal();
    const running: Running = {};
    const consoleUrlFile = join(dataDir, 'console-url');
    rmSync(consoleUrlFile, { force: true });
    // A stop during startup aborts what runs (kubectl waits) and skips what has not begun.
    const abort = new AbortController();
    void stopping.then(() => {
      abort.abort();
    });
    const step = (): void => {
      abort.signal.throwIfAborted();
    };
    const startUp = async (): Promise<ServedBff> => {
      say('Building the tiny guest image (cached after the first time)');
      await buildGuestImage({
        dataDir,
        name: 'tiny',
        progress: (line) => {
          say(`  ${line}`);
        },
      });
      step();
      running.cluster = await startApiServer({ dataDir, apiPort: config.apiPort, logger, say });
      say(`Cluster API: ${running.cluster.url}, ${String(config.nodes)} node(s)`);
      running.nodes = startNodeProcesses({
        count: config.nodes,
        dataDir,
        logLevel: config.logLevel,
        logger,
      });
      const kubeconfig = running.cluster.kubeconfigPath;
      step();
      await installPodvisor({ kubeconfig, progress: say, signal: abort.signal });
      step();
      if (config.demo) {
        say('Creating the demo namespace: a VM and a pod');
        await applyDemo(kubeconfig);
      }
      const consoleConfig = loadConfig(bffConfigSpec, {
        flags: {
          kubeconfig,
          'data-dir': dataDir,
          port: String(config.consolePort),
          auth: 'local',
          'static-dir': join(deployDir, '..', 'apps', 'console', 'dist'),
        },
        env: {},
      });
      const consoleLogger = createLogger({
        component: 'console',
        level: config.logLevel,
        destination: join(dataDir, 'logs', 'console.log'),
      });
      step();
      running.console = await serveBff(consoleConfig, consoleLogger);
      return running.console;
    };
    const started = startUp();
    try {
      const first = await Promise.race([started, stopping]);
      if (typeof first === 'string') {
        logger.info({ signal: first }, 'stopped during startup');
        return 130;
      }
      writeFileSync(consoleUrlFile, `${first.url}\n`);
      announce(io, { dataDir, url: first.url, link: first.loginLink() ?? '' });
      const signal = await stopping;
      logger.info({ signal }, 'stopping');
      say('Stopping: console, VMs and pods, nodes, API server');
      return 0;
    } finally {
      rmSync(consoleUrlFile, { force: true });
      await started.catch(() => undefined);
      await shutDown(running, logger);
      release();
    }
  },
});
